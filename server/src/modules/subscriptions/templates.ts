import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { longestRendering, subscribeFieldType, subscribeValueProblem, textSchema, unknownPlaceholders } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { subscribeTemplates, type SubscribeTemplateField } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { recordAudit } from '../audit';
import { SUBSCRIBE_SCENES, type SubscribeScene } from './defaults';

export type SubscribeTemplateRow = typeof subscribeTemplates.$inferSelect;

/** A template as the admin and the sender see it. */
export interface SubscribeTemplateView {
  id: number;
  key: string;
  templateId: string;
  title: string;
  fields: SubscribeTemplateField[];
  page: string;
  scenes: string[];
  enabled: boolean;
  updatedAt: string;
}

const PAGE = /^pages\/[a-z0-9-]+\/index$/;
/** WeChat template ids are base64url-like strings (43 characters in practice). */
const TEMPLATE_ID = /^[A-Za-z0-9_-]{8,64}$/;

const fieldSchema = z.strictObject({
  key: z.string().regex(/^[a-z_]+\d{1,2}$/, '字段名如 thing1、amount2'),
  label: textSchema(20),
  placeholder: textSchema(200, 0),
});

const templateFields = {
  templateId: z.string().regex(TEMPLATE_ID, '微信模板 ID 为 8–64 位字母、数字、_ 或 -'),
  title: textSchema(40),
  fields: z.array(fieldSchema).min(1).max(10),
  page: z.string().regex(PAGE, '页面形如 pages/orders/index'),
  scenes: z.array(z.enum(SUBSCRIBE_SCENES)).max(SUBSCRIBE_SCENES.length),
  enabled: z.boolean(),
};

/** POST /api/admin/messaging/subscribe-templates. */
export const subscribeTemplateBodySchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '模板键为 2–40 位小写字母、数字或 _'),
  ...templateFields,
  enabled: templateFields.enabled.optional(),
  scenes: templateFields.scenes.optional(),
  page: templateFields.page.optional(),
});
export type SubscribeTemplateBody = z.output<typeof subscribeTemplateBodySchema>;

/** PATCH /api/admin/messaging/subscribe-templates/:id (the key stays: journeys name it). */
export const subscribeTemplatePatchSchema = z.strictObject(templateFields).partial();
export type SubscribeTemplatePatch = z.output<typeof subscribeTemplatePatchSchema>;

export const subscribeSceneQuerySchema = z.strictObject({ scene: z.enum(SUBSCRIBE_SCENES) });

/**
 * The problems of a template's fields, by field (`fields.0.key`): each key must have one of WeChat's value
 * types, keys are unique, and a default text must fit its type with each placeholder at its longest.
 */
export function templateFieldProblems(fields: SubscribeTemplateField[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const type = subscribeFieldType(field.key);
    if (!type) {
      problems.push({ field: `body.fields.${index}.key`, message: `「${field.key}」不是微信订阅消息的字段类型（thing、amount、time …）` });
      return;
    }
    if (seen.has(field.key)) problems.push({ field: `body.fields.${index}.key`, message: `字段「${field.key}」重复` });
    seen.add(field.key);
    if (field.placeholder === '') return;
    const unknown = unknownPlaceholders(field.placeholder).at(-1);
    if (unknown) {
      problems.push({ field: `body.fields.${index}.placeholder`, message: `未知的变量 {{${unknown}}}` });
      return;
    }
    const longest = longestRendering(field.placeholder);
    // Each placeholder at its longest sample (digits for amounts and points): the send-time check cannot fail on length.
    const problem = subscribeValueProblem(type, longest);
    if (problem) problems.push({ field: `body.fields.${index}.placeholder`, message: `${field.label}：${problem}` });
  });
  return problems;
}

function assertFields(fields: SubscribeTemplateField[]): void {
  const issues = templateFieldProblems(fields);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.map((issue) => `${issue.field} ${issue.message}`).join('; '), { issues });
}

export function templateView(row: SubscribeTemplateRow): SubscribeTemplateView {
  return {
    id: row.id,
    key: row.key,
    templateId: row.templateId,
    title: row.title,
    fields: row.fields,
    page: row.page,
    scenes: row.scenes,
    enabled: row.enabled,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function takenError(error: unknown): AppError | null {
  if (isUniqueViolation(error, 'subscribe_templates_key'))
    return new AppError('VALIDATION_FAILED', 'body.key 已有同键的模板', { issues: [{ field: 'body.key', message: '已有同键的模板' }] });
  if (isUniqueViolation(error, 'subscribe_templates_template_id'))
    return new AppError('VALIDATION_FAILED', 'body.templateId 该微信模板已配置', { issues: [{ field: 'body.templateId', message: '该微信模板已配置' }] });
  return null;
}

/** GET /api/admin/messaging/subscribe-templates. */
export async function listSubscribeTemplates(db: Executor): Promise<SubscribeTemplateView[]> {
  const rows = await db.select().from(subscribeTemplates).orderBy(asc(subscribeTemplates.id));
  return rows.map(templateView);
}

/** A template by our key (the sender), or null. */
export async function findTemplateByKey(db: Executor, key: string): Promise<SubscribeTemplateRow | null> {
  const [row] = await db.select().from(subscribeTemplates).where(eq(subscribeTemplates.key, key));
  return row ?? null;
}

/** POST /api/admin/messaging/subscribe-templates (audited). */
export async function createSubscribeTemplate(sc: ServiceContext, body: SubscribeTemplateBody): Promise<SubscribeTemplateView> {
  assertFields(body.fields);
  try {
    return await inTransaction(sc, async (tx) => {
      const [row] = await tx.db
        .insert(subscribeTemplates)
        .values({
          key: body.key,
          templateId: body.templateId,
          title: body.title,
          fields: body.fields,
          page: body.page ?? 'pages/index/index',
          scenes: body.scenes ?? [],
          enabled: body.enabled ?? true,
          createdAt: tx.now,
          updatedAt: tx.now,
        })
        .returning();
      if (!row) throw new Error('subscribe template insert returned nothing');
      const view = templateView(row);
      await recordAudit(tx, { action: 'subscribe_template.create', targetType: 'subscribe_template', targetId: row.id, after: view });
      return view;
    });
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/** PATCH /api/admin/messaging/subscribe-templates/:id (audited, before and after). */
export async function updateSubscribeTemplate(sc: ServiceContext, id: number, patch: SubscribeTemplatePatch): Promise<SubscribeTemplateView> {
  if (patch.fields) assertFields(patch.fields);
  try {
    return await inTransaction(sc, async (tx) => {
      const [before] = await tx.db.select().from(subscribeTemplates).where(eq(subscribeTemplates.id, id)).for('update');
      if (!before) throw new AppError('NOT_FOUND', '订阅消息模板不存在');
      const [row] = await tx.db
        .update(subscribeTemplates)
        .set({ ...patch, updatedAt: tx.now })
        .where(eq(subscribeTemplates.id, id))
        .returning();
      if (!row) throw new Error('subscribe template update returned nothing');
      const view = templateView(row);
      await recordAudit(tx, { action: 'subscribe_template.update', targetType: 'subscribe_template', targetId: id, before: templateView(before), after: view });
      return view;
    });
  } catch (error) {
    throw takenError(error) ?? error;
  }
}

/** GET /api/subscribe-templates?scene=: the enabled templates of a scene, at most 3 (one requestSubscribeMessage call). */
export async function templatesForScene(
  db: Executor,
  scene: SubscribeScene,
): Promise<{ templateIds: string[]; templates: { key: string; templateId: string; title: string }[] }> {
  const rows = await db
    .select({ key: subscribeTemplates.key, templateId: subscribeTemplates.templateId, title: subscribeTemplates.title })
    .from(subscribeTemplates)
    .where(sql`${subscribeTemplates.enabled} and ${scene} = any(${subscribeTemplates.scenes})`)
    .orderBy(asc(subscribeTemplates.id))
    .limit(3);
  return { templateIds: rows.map((row) => row.templateId), templates: rows };
}
