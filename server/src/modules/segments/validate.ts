import { sql } from 'drizzle-orm';
import { describeSegmentProblems, segmentDefinitionSchema, type SegmentDefinition } from '@siyu/shared';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';

/** One problem of a definition, at its path inside the definition ('groups.0.conditions.1.tagIds'). */
export interface SegmentIssue {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * The issues to report for one zod issue. A condition is a union: when its `type` names a known kind,
 * the issues of that branch are reported (deeper paths, e.g. '…conditions.1.withinDays'); otherwise the
 * condition itself.
 */
function flatten(issue: Issue, prefix: PropertyKey[]): SegmentIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 1 && inner.path[0] === 'type'));
    if (branches.length === 1) return branches[0]!.flatMap((inner) => flatten(inner, path));
  }
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `不支持的字段「${key}」` }));
  return [{ path: path.map(String).join('.'), message: issue.message }];
}

/** 400 SEGMENT_DEFINITION_INVALID: the message names each condition in Chinese ("条件 1-2：…"), details keep the paths. */
export function segmentDefinitionError(issues: SegmentIssue[]): AppError {
  return new AppError('SEGMENT_DEFINITION_INVALID', `分群条件有误：${describeSegmentProblems(issues)}`, issues);
}

/** Parses a definition; a malformed one is 400 SEGMENT_DEFINITION_INVALID with details [{ path, message }]. */
export function parseSegmentDefinition(raw: unknown): SegmentDefinition {
  const result = segmentDefinitionSchema.safeParse(raw);
  if (result.success) return result.data;
  throw segmentDefinitionError(result.error.issues.flatMap((issue) => flatten(issue, [])));
}

/** `parseSegmentDefinition` for a definition nested in a body: the issues under `key` keep their definition paths. */
export function segmentIssuesOf(error: z.ZodError, key: string): SegmentIssue[] | null {
  // A missing definition (or one that is not an object) is a malformed body, not a bad condition.
  const inside = error.issues.filter((issue) => issue.path[0] === key && issue.path.length > 1);
  if (inside.length === 0 || inside.length !== error.issues.length) return null;
  return inside.flatMap((issue) => flatten({ ...issue, path: issue.path.slice(1) } as Issue, []));
}

type RefKind = 'tag' | 'channel' | 'product' | 'category' | 'couponTemplate';
const TABLE: Record<RefKind, string> = { tag: 'tags', channel: 'channels', product: 'products', category: 'categories', couponTemplate: 'coupon_templates' };
const NAME: Record<RefKind, string> = { tag: '标签', channel: '渠道', product: '商品', category: '分类', couponTemplate: '优惠券模板' };

/**
 * Every id a definition names must exist (archived tags, channels and stopped templates may still be
 * named: they simply match fewer members); an unknown one is 400 SEGMENT_DEFINITION_INVALID naming
 * the condition's field.
 */
export async function validateSegmentReferences(db: Executor, definition: SegmentDefinition): Promise<void> {
  const refs: { kind: RefKind; ids: number[]; path: string }[] = [];
  definition.groups.forEach((group, g) =>
    group.conditions.forEach((condition, c) => {
      const at = (field: string) => `groups.${g}.conditions.${c}.${field}`;
      if (condition.type === 'tag') refs.push({ kind: 'tag', ids: condition.tagIds, path: at('tagIds') });
      if (condition.type === 'channel') refs.push({ kind: 'channel', ids: condition.channelIds, path: at('channelIds') });
      if (condition.type === 'bought' || condition.type === 'viewedNotBought') {
        if (condition.productIds) refs.push({ kind: 'product', ids: condition.productIds, path: at('productIds') });
        if (condition.categoryIds) refs.push({ kind: 'category', ids: condition.categoryIds, path: at('categoryIds') });
      }
      if ((condition.type === 'couponHeld' || condition.type === 'couponUsed') && condition.templateIds) {
        refs.push({ kind: 'couponTemplate', ids: condition.templateIds, path: at('templateIds') });
      }
    }),
  );
  const issues: SegmentIssue[] = [];
  for (const kind of Object.keys(TABLE) as RefKind[]) {
    const wanted = [...new Set(refs.filter((ref) => ref.kind === kind).flatMap((ref) => ref.ids))];
    if (wanted.length === 0) continue;
    const rows = await queryRows<{ id: number }>(
      db,
      sql`select id from ${sql.identifier(TABLE[kind])} where id in (${sql.join(
        wanted.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    const found = new Set(rows.map((row) => Number(row.id)));
    for (const ref of refs.filter((r) => r.kind === kind)) {
      const missing = ref.ids.filter((id) => !found.has(id));
      if (missing.length > 0) issues.push({ path: ref.path, message: `${NAME[kind]} ${missing.map((id) => `#${id}`).join('、')} 不存在` });
    }
  }
  if (issues.length > 0) throw segmentDefinitionError(issues);
}
