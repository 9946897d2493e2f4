import crypto from 'node:crypto';
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { simSmsMessages } from '../db/schema';

/* The SMS simulator's rules: template kinds, variables, China-time days and flow control (messaging-protocols.md §3.4). */

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}
export const gateway = (status: number, code: string, message: string): Answer => ({
  status,
  body: { Code: code, Message: message, RequestId: crypto.randomUUID() },
});
export const business = (code: string, message: string): Answer => ({ status: 200, body: { Code: code, Message: message, RequestId: crypto.randomUUID() } });
const PHONE = /^1[3-9]\d{9}$/;

export type SimTemplateKind = 'verification' | 'notice' | 'marketing';
export const SIM_SMS_MARKETING_SUFFIX = '拒收请回复R';
export const VARIABLE = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** yyyyMMdd in China time. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}
/** yyyy-MM-dd HH:mm:ss in China time. */
export function shanghaiTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function templateVariables(content: string): string[] {
  return [...new Set([...content.matchAll(VARIABLE)].map((m) => m[1] ?? ''))];
}

/** Why a template cannot be approved (null when it can). */
export function templateProblem(kind: SimTemplateKind, content: string): string | null {
  if (kind === 'marketing' && !content.trimEnd().endsWith(SIM_SMS_MARKETING_SUFFIX)) return `marketing templates end with ${SIM_SMS_MARKETING_SUFFIX}`;
  if (kind !== 'marketing' && content.includes(SIM_SMS_MARKETING_SUFFIX)) return `only marketing templates carry ${SIM_SMS_MARKETING_SUFFIX}`;
  if (kind === 'verification' && !/(验证码|校验码|动态码)/.test(content)) return 'verification templates name the code';
  return null;
}

/** Which number is over its flow control, if any (the batch's own numbers count too). */
export async function flowLimitReason(
  db: Db,
  accessKeyId: string,
  send: { phones: string[]; signs: string[]; templateCode: string; kind: SimTemplateKind },
  now: number,
): Promise<string | null> {
  const { phones, signs, templateCode, kind } = send;
  const day = shanghaiDay(now);
  for (const [i, phone] of phones.entries()) {
    const sign = signs[i] ?? '';
    const earlier = phones.slice(0, i).filter((p, j) => p === phone && signs[j] === sign).length;
    if (kind === 'verification') {
      for (const [windowMs, limit] of [
        [60_000, 1],
        [3_600_000, 5],
        [86_400_000, 10],
      ] as const) {
        const [row] = await db
          .select({ n: count() })
          .from(simSmsMessages)
          .where(
            and(
              eq(simSmsMessages.accessKeyId, accessKeyId),
              eq(simSmsMessages.phone, phone),
              eq(simSmsMessages.signName, sign),
              gte(simSmsMessages.sentAtMs, now - windowMs),
              sql`exists (select 1 from sim_sms_templates t where t.access_key_id = ${simSmsMessages.accessKeyId} and t.code = ${simSmsMessages.templateCode} and t.kind = 'verification')`,
            ),
          );
        if ((row?.n ?? 0) + earlier >= limit) return `触发号码天级/小时级/分钟级流控 (${limit} per ${windowMs / 60_000} min)`;
      }
    } else {
      const [row] = await db
        .select({ n: count() })
        .from(simSmsMessages)
        .where(
          and(
            eq(simSmsMessages.accessKeyId, accessKeyId),
            eq(simSmsMessages.phone, phone),
            eq(simSmsMessages.signName, sign),
            eq(simSmsMessages.templateCode, templateCode),
            eq(simSmsMessages.sendDate, day),
          ),
        );
      if ((row?.n ?? 0) + earlier >= 50) return '触发号码天级流控 (50 per day per sign and template)';
    }
  }
  return null;
}

export async function querySendDetailsAnswer(db: Db, accessKeyId: string, params: Record<string, string>, now: number): Promise<Answer> {
  const phone = params.PhoneNumber ?? '';
  const sendDate = params.SendDate ?? '';
  const pageSize = Number(params.PageSize ?? '');
  const page = Number(params.CurrentPage ?? '');
  if (!PHONE.test(phone)) return business('isv.MOBILE_NUMBER_ILLEGAL', 'illegal mobile number');
  if (!/^\d{8}$/.test(sendDate)) return business('isv.INVALID_PARAMETERS', 'SendDate is yyyyMMdd');
  const earliest = shanghaiDay(now - 30 * 86_400_000);
  if (sendDate < earliest) return business('isv.INVALID_PARAMETERS', 'SendDate within the last 30 days');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) return business('isv.INVALID_PARAMETERS', 'PageSize is 1..50');
  if (!Number.isInteger(page) || page < 1) return business('isv.INVALID_PARAMETERS', 'CurrentPage from 1');
  const where = and(
    eq(simSmsMessages.accessKeyId, accessKeyId),
    eq(simSmsMessages.phone, phone),
    eq(simSmsMessages.sendDate, sendDate),
    params.BizId ? eq(simSmsMessages.bizId, params.BizId) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(simSmsMessages).where(where);
  const rows = await db
    .select()
    .from(simSmsMessages)
    .where(where)
    .orderBy(desc(simSmsMessages.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const answer = business('OK', 'OK');
  answer.body.TotalCount = total?.n ?? 0;
  answer.body.SmsSendDetailDTOs = {
    SmsSendDetailDTO: rows.map((row) => ({
      PhoneNum: row.phone,
      SendStatus: row.sendStatus,
      ErrCode: row.errCode ?? '',
      TemplateCode: row.templateCode,
      Content: row.content,
      SendDate: shanghaiTime(row.sentAtMs),
      ReceiveDate: row.reportedAtMs ? shanghaiTime(row.reportedAtMs) : '',
      OutId: row.outId ?? '',
    })),
  };
  return answer;
}
/** Query parameters merged with a form body (≤ 64 KB); null when the body cannot be read. */
export async function readParams(ctx: Koa.Context): Promise<Record<string, string> | null> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.query)) if (typeof value === 'string') params[key] = value;
  if (ctx.method !== 'POST') return params;
  try {
    const raw = await getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' });
    for (const [key, value] of new URLSearchParams(raw)) params[key] = value;
    return params;
  } catch {
    return null;
  }
}
