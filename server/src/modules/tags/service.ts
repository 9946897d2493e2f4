import { and, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SegmentDefinition, TagGroupView, TagPatchBody, TagView, tagBodySchema, tagGroupBodySchema, tagGroupPatchBodySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { tagGroups, tags } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { applyRuleTag, segmentDefinitionError, validateSegmentReferences } from '../segments';
import { applyRuleTagsNaming } from '../segments/rule-tags';
import { deleteMemberTags, findGroup, findTag, listGroupViews, lockTag, tagViews, type TagRow } from './repo';

type TagBody = z.output<typeof tagBodySchema>;

async function viewOf(sc: ServiceContext, row: TagRow): Promise<TagView> {
  const [view] = await tagViews(sc.db, [row]);
  if (!view) throw new Error('tag view missing');
  return view;
}

/** GET /api/admin/tag-groups. */
export function listTagGroups(sc: ServiceContext): Promise<TagGroupView[]> {
  return listGroupViews(sc.db);
}

/** POST /api/admin/tag-groups. */
export async function createTagGroup(sc: ServiceContext, body: z.output<typeof tagGroupBodySchema>): Promise<TagGroupView> {
  try {
    return await inTransaction(sc, async (tx) => {
      const [row] = await tx.db
        .insert(tagGroups)
        .values({ name: body.name, sort: body.sort ?? 0, createdAt: tx.now })
        .returning();
      if (!row) throw new Error('tag group insert returned nothing');
      const view = { id: row.id, name: row.name, sort: row.sort, tags: [] };
      await recordAudit(tx, { action: 'tag_group.create', targetType: 'tag_group', targetId: row.id, after: { name: row.name, sort: row.sort } });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tag_groups_name_key')) throw new AppError('TAG_GROUP_NAME_TAKEN');
    throw error;
  }
}

/** PATCH /api/admin/tag-groups/:id. */
export async function updateTagGroup(sc: ServiceContext, id: number, body: z.output<typeof tagGroupPatchBodySchema>): Promise<TagGroupView> {
  try {
    await inTransaction(sc, async (tx) => {
      const [before] = await tx.db.select().from(tagGroups).where(eq(tagGroups.id, id)).for('update');
      if (!before) throw new AppError('TAG_GROUP_NOT_FOUND');
      await tx.db.update(tagGroups).set(body).where(eq(tagGroups.id, id));
      await recordAudit(tx, {
        action: 'tag_group.update',
        targetType: 'tag_group',
        targetId: id,
        before: { name: before.name, sort: before.sort },
        after: body,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'tag_groups_name_key')) throw new AppError('TAG_GROUP_NAME_TAKEN');
    throw error;
  }
  const group = (await listGroupViews(sc.db)).find((view) => view.id === id);
  if (!group) throw new AppError('TAG_GROUP_NOT_FOUND');
  return group;
}

/** DELETE /api/admin/tag-groups/:id: only an empty group (archived tags count: they keep their history). */
export async function deleteTagGroup(sc: ServiceContext, id: number): Promise<void> {
  await inTransaction(sc, async (tx) => {
    const [before] = await tx.db.select().from(tagGroups).where(eq(tagGroups.id, id)).for('update');
    if (!before) throw new AppError('TAG_GROUP_NOT_FOUND');
    const [used] = await tx.db.select({ id: tags.id }).from(tags).where(eq(tags.groupId, id)).limit(1);
    if (used) throw new AppError('TAG_GROUP_NOT_EMPTY');
    await tx.db.delete(tagGroups).where(eq(tagGroups.id, id));
    await recordAudit(tx, { action: 'tag_group.delete', targetType: 'tag_group', targetId: id, before: { name: before.name, sort: before.sort } });
  });
}

/**
 * A rule's references: every id it names exists (the segment engine's check), and no tag it names is a rule
 * tag — a rule over rule tags would depend on the order rules are applied in (and could name itself).
 * → 400 SEGMENT_DEFINITION_INVALID naming the condition.
 */
async function checkRule(sc: ServiceContext, rule: SegmentDefinition): Promise<void> {
  await validateSegmentReferences(sc.db, rule);
  const refs = rule.groups.flatMap((group, g) =>
    group.conditions.flatMap((condition, c) => (condition.type === 'tag' ? [{ path: `groups.${g}.conditions.${c}.tagIds`, ids: condition.tagIds }] : [])),
  );
  const ids = [...new Set(refs.flatMap((ref) => ref.ids))];
  if (ids.length === 0) return;
  const rows = await queryRows<{ id: number; kind: string }>(sc.db, sql`select id, kind from tags where id = any(${`{${ids.join(',')}}`}::int[])`);
  const kinds = new Map(rows.map((row) => [Number(row.id), row.kind]));
  const details = refs.flatMap((ref) => {
    const rules = ref.ids.filter((id) => kinds.get(id) === 'rule');
    return rules.length > 0 ? [{ path: ref.path, message: `规则标签不能引用规则标签（${rules.map((id) => `#${id}`).join('、')}）` }] : [];
  });
  if (details.length > 0) throw segmentDefinitionError(details);
}

async function requireGroup(sc: ServiceContext, groupId: number): Promise<void> {
  if (!(await findGroup(sc.db, groupId))) throw new AppError('TAG_GROUP_NOT_FOUND', undefined, { field: 'body.groupId' });
}

function mapTagConflict(error: unknown): never {
  if (isUniqueViolation(error, 'tags_group_name_key')) throw new AppError('TAG_NAME_TAKEN');
  throw error;
}

/** POST /api/admin/tags: a manual or a rule tag (channel tags are made by the system); a rule tag applies at once. */
export async function createTag(sc: ServiceContext, body: TagBody): Promise<TagView> {
  const staff = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    await requireGroup(tx, body.groupId);
    if (body.rule) await checkRule(tx, body.rule);
    const [row] = await tx.db
      .insert(tags)
      .values({
        groupId: body.groupId,
        name: body.name,
        kind: body.kind,
        description: body.description ?? '',
        color: body.color ?? null,
        rule: body.rule ?? null,
        createdBy: staff.id,
        createdAt: tx.now,
        updatedAt: tx.now,
      })
      .returning();
    if (!row) throw new Error('tag insert returned nothing');
    if (body.rule) await applyRuleTag(tx.db, row.id, body.rule, null, tx.now);
    const view = await viewOf(tx, row);
    await recordAudit(tx, { action: 'tag.create', targetType: 'tag', targetId: row.id, after: view });
    return view;
  }).catch(mapTagConflict);
}

/** GET /api/admin/tags/:id. */
export async function getTag(sc: ServiceContext, id: number): Promise<TagView> {
  const row = await findTag(sc.db, id);
  if (!row) throw new AppError('TAG_NOT_FOUND');
  return viewOf(sc, row);
}

/** What a PATCH may change per kind: a rule only on a rule tag; a channel tag only its description and color. */
function checkPatch(row: TagRow, body: TagPatchBody): void {
  if (body.rule !== undefined && row.kind !== 'rule')
    throw new AppError('VALIDATION_FAILED', undefined, { field: 'body.rule', reason: 'only a rule tag has a rule' });
  if (row.kind === 'channel' && (body.name !== undefined || body.groupId !== undefined)) throw new AppError('TAG_NOT_MANUAL');
}

/** PATCH /api/admin/tags/:id; an archived tag can still be corrected. */
export async function updateTag(sc: ServiceContext, id: number, body: TagPatchBody): Promise<TagView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockTag(tx.db, id, 'update');
    if (!before) throw new AppError('TAG_NOT_FOUND');
    checkPatch(before, body);
    if (body.groupId !== undefined) await requireGroup(tx, body.groupId);
    if (body.rule) await checkRule(tx, body.rule);
    const [row] = await tx.db
      .update(tags)
      .set({ ...body, updatedAt: tx.now })
      .where(eq(tags.id, id))
      .returning();
    if (!row) throw new AppError('TAG_NOT_FOUND');
    if (body.rule && row.status === 'active') await applyRuleTag(tx.db, id, body.rule, null, tx.now);
    const after = await viewOf(tx, row);
    await recordAudit(tx, { action: 'tag.update', targetType: 'tag', targetId: id, before: await viewOf(tx, before), after });
    return after;
  }).catch(mapTagConflict);
}

/**
 * POST /api/admin/tags/:id/archive: the tag leaves every member (segments on it then match nobody) and stays
 * listed with its history in the audit log; a channel tag follows its channel and cannot be archived.
 */
export async function archiveTag(sc: ServiceContext, id: number): Promise<TagView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockTag(tx.db, id, 'update');
    if (!before) throw new AppError('TAG_NOT_FOUND');
    if (before.kind === 'channel') throw new AppError('TAG_NOT_MANUAL');
    if (before.status === 'archived') return viewOf(tx, before);
    const removed = await deleteMemberTags(tx.db, id, null);
    const [row] = await tx.db
      .update(tags)
      .set({ status: 'archived', updatedAt: tx.now })
      .where(and(eq(tags.id, id), ne(tags.status, 'archived')))
      .returning();
    if (!row) throw new AppError('TAG_NOT_FOUND');
    // An archived tag is carried by nobody: the rule tags naming it follow, for everyone.
    if (before.kind === 'manual') await applyRuleTagsNaming(tx.db, [id], null, tx.now);
    await recordAudit(tx, {
      action: 'tag.archive',
      targetType: 'tag',
      targetId: id,
      before: { status: before.status },
      after: { status: 'archived', removed },
    });
    return viewOf(tx, row);
  });
}
