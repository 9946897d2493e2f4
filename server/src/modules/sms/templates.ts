import { asc, eq } from 'drizzle-orm';
import { textSchema } from '@siyu/shared';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { smsTemplates } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { recordAudit } from '../audit';

/*
 * The shop's SMS templates (admin: GET/POST/PATCH /api/admin/messaging/sms-templates). Each mirrors a template
 * approved at Aliyun: its code, kind, the exact content with `${var}` placeholders and the sign it is sent with.
 * The provider's rules are checked here too (messaging-protocols.md §3.1, §4 rule 4): marketing ends with
 * 拒收请回复R, notices never carry it, verification templates name the code; links are fixed text
 * (`https://wxaurl.cn/${linkTicket}?cq=${link}`), never a whole variable.
 */

export const SMS_KINDS = ['verification', 'notice', 'marketing'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];
export const SMS_MARKETING_SUFFIX = '拒收请回复R';
/** Sender-filled variables: the URL Link's ticket and the recipient's `cq` token. */
export const SMS_LINK_TICKET_VARIABLE = 'linkTicket';
export const SMS_LINK_TOKEN_VARIABLE = 'link';
/** The URL Link prefix a template's fixed text carries before `${linkTicket}`. */
export const SMS_LINK_PREFIX = 'https://wxaurl.cn/';

const VARIABLE = /\$\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export interface SmsTemplateView {
  id: number;
  code: string;
  name: string;
  kind: SmsKind;
  content: string;
  signName: string;
  variables: string[];
  status: 'approved' | 'pending';
  createdAt: Date;
  updatedAt: Date;
}

/** The variable names of a content, in order of first use. */
export function smsVariables(content: string): string[] {
  return [...new Set([...content.matchAll(VARIABLE)].map((m) => m[1] ?? ''))];
}

/** Every rule a template breaks: `[{path, message}]`, empty when it is fine. */
export function smsTemplateProblems(kind: SmsKind, content: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const text = content.trim();
  if (kind === 'marketing' && !text.endsWith(SMS_MARKETING_SUFFIX))
    problems.push({ path: 'content', message: `营销短信必须以「${SMS_MARKETING_SUFFIX}」结尾` });
  if (kind !== 'marketing' && text.includes(SMS_MARKETING_SUFFIX))
    problems.push({ path: 'content', message: `只有营销短信带「${SMS_MARKETING_SUFFIX}」，通知和验证码短信不能带` });
  if (kind === 'verification' && !/(验证码|校验码|动态码)/.test(text)) problems.push({ path: 'content', message: '验证码短信须含「验证码」' });
  if (/【[^】]*】/.test(text)) problems.push({ path: 'content', message: '签名单独设置，内容里不要写【签名】' });
  for (const name of smsVariables(text)) {
    if (!VARIABLE_NAME.test(name)) problems.push({ path: 'content', message: `变量名「${name}」只能用字母、数字和下划线，以字母开头` });
  }
  if (text.replace(VARIABLE, '').includes('${')) problems.push({ path: 'content', message: '变量写法是 ${name}' });
  const names = smsVariables(text);
  if (names.includes(SMS_LINK_TICKET_VARIABLE) && !text.includes(`${SMS_LINK_PREFIX}\${${SMS_LINK_TICKET_VARIABLE}}`)) {
    problems.push({ path: 'content', message: `链接须写成固定文字 ${SMS_LINK_PREFIX}\${${SMS_LINK_TICKET_VARIABLE}}?cq=\${${SMS_LINK_TOKEN_VARIABLE}}` });
  }
  return problems;
}

export const smsTemplateBodySchema = z
  .object({
    code: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{2,63}$/, '模板编号如 SMS_123456'),
    name: textSchema(40),
    kind: z.enum(SMS_KINDS),
    content: textSchema(500, 2),
    signName: textSchema(12, 2),
    status: z.enum(['approved', 'pending']).default('approved'),
  })
  .strict();
export const smsTemplatePatchSchema = smsTemplateBodySchema.omit({ code: true }).partial().strict();

const sign = '思域商城';
/** The default templates (seeded once; register the same at Aliyun and keep the codes, or edit the codes here). */
export const DEFAULT_SMS_TEMPLATES: readonly z.input<typeof smsTemplateBodySchema>[] = [
  {
    code: 'SMS_WINBACK',
    name: '老客召回',
    kind: 'marketing',
    content: `亲爱的会员\${name}，好久不见，送您一张回归券，点击 ${SMS_LINK_PREFIX}\${linkTicket}?cq=\${link} 领取，${SMS_MARKETING_SUFFIX}`,
    signName: sign,
  },
  {
    code: 'SMS_WELCOME',
    name: '新会员欢迎',
    kind: 'marketing',
    content: `欢迎加入\${shop}会员！新人礼券已放入您的账户，点击 ${SMS_LINK_PREFIX}\${linkTicket}?cq=\${link} 查看，${SMS_MARKETING_SUFFIX}`,
    signName: sign,
  },
  {
    code: 'SMS_BIRTHDAY',
    name: '生日关怀',
    kind: 'marketing',
    content: `亲爱的会员\${name}，生日快乐！生日礼券已到账，点击 ${SMS_LINK_PREFIX}\${linkTicket}?cq=\${link} 领取，${SMS_MARKETING_SUFFIX}`,
    signName: sign,
  },
  {
    code: 'SMS_ORDER_UNPAID',
    name: '订单待支付提醒',
    kind: 'notice',
    content: '您的订单${orderNo}还未支付，商品库存为您保留中，请在小程序「我的订单」尽快完成支付。',
    signName: sign,
  },
];

function toView(row: typeof smsTemplates.$inferSelect): SmsTemplateView {
  return { ...row, kind: row.kind as SmsKind, status: row.status as 'approved' | 'pending', variables: row.variables };
}

/** Seeds the default templates (idempotent: an existing code is left as the staff edited it). */
export async function ensureDefaultSmsTemplates(db: Executor): Promise<void> {
  await db
    .insert(smsTemplates)
    .values(DEFAULT_SMS_TEMPLATES.map((t) => ({ ...t, status: t.status ?? 'approved', variables: smsVariables(t.content) })))
    .onConflictDoNothing({ target: smsTemplates.code });
}

export async function findSmsTemplate(db: Executor, code: string): Promise<SmsTemplateView | null> {
  const [row] = await db.select().from(smsTemplates).where(eq(smsTemplates.code, code));
  return row ? toView(row) : null;
}

export async function listSmsTemplates(sc: ServiceContext): Promise<SmsTemplateView[]> {
  const rows = await sc.db.select().from(smsTemplates).orderBy(asc(smsTemplates.id));
  return rows.map(toView);
}

function assertRules(kind: SmsKind, content: string): void {
  const problems = smsTemplateProblems(kind, content);
  if (problems.length > 0) throw new AppError('SMS_TEMPLATE_INVALID', problems[0]?.message, problems);
}

export async function createSmsTemplate(sc: ServiceContext, body: z.output<typeof smsTemplateBodySchema>): Promise<SmsTemplateView> {
  assertRules(body.kind, body.content);
  try {
    return await inTransaction(sc, async (tx) => {
      const [row] = await tx.db
        .insert(smsTemplates)
        .values({ ...body, variables: smsVariables(body.content), createdAt: tx.now, updatedAt: tx.now })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await recordAudit(tx, { action: 'sms_template.create', targetType: 'sms_template', targetId: row.id, after: toView(row) });
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'sms_templates_code_key')) throw new AppError('SMS_TEMPLATE_CODE_TAKEN');
    throw error;
  }
}

export async function updateSmsTemplate(sc: ServiceContext, id: number, patch: z.output<typeof smsTemplatePatchSchema>): Promise<SmsTemplateView> {
  return inTransaction(sc, async (tx) => {
    const [before] = await tx.db.select().from(smsTemplates).where(eq(smsTemplates.id, id)).for('update');
    if (!before) throw new AppError('SMS_TEMPLATE_NOT_FOUND');
    const kind = patch.kind ?? (before.kind as SmsKind);
    const content = patch.content ?? before.content;
    assertRules(kind, content);
    const [row] = await tx.db
      .update(smsTemplates)
      .set({ ...patch, variables: smsVariables(content), updatedAt: tx.now })
      .where(eq(smsTemplates.id, id))
      .returning();
    if (!row) throw new AppError('SMS_TEMPLATE_NOT_FOUND');
    await recordAudit(tx, { action: 'sms_template.update', targetType: 'sms_template', targetId: id, before: toView(before), after: toView(row) });
    return toView(row);
  });
}
