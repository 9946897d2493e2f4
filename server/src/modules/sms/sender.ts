import crypto from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { members, smsSends, smsSuppressions } from '../../db/schema';
import type { Executor } from '../../db/client';
import { isUniqueViolation } from '../../lib/errors';
import { SmsProviderError, SmsTimeoutError } from '../../sms/client';
import { shanghaiDay } from '../../sms/simulator-rules';
import { WechatApiError } from '../../wechat/client';
import type { ChannelSender, IntentToSend, SendContext, SendOutcome } from '../messaging/types';
import { newLinkToken, urlLinkFor, urlLinkTicket } from './links';
import { findSmsTemplate, SMS_LINK_TICKET_VARIABLE, SMS_LINK_TOKEN_VARIABLE, type SmsTemplateView } from './templates';

/*
 * The SMS channel sender (Aliyun SendBatchSms, a batch of one). Aliyun has no idempotency key, so the
 * sms_sends row (OutId = sha256 of the intent key) is written in its own small transaction BEFORE the call,
 * and only the caller that wrote it — or that claimed it for a later attempt (sms_sends.attempt) — calls the
 * provider: parallel sends of one intent make one SMS. A timeout is a retry carrying the OutId, and status()
 * asks QuerySendDetails (by phone and day, matched on OutId) before anything is sent again.
 */

/** Aliyun's per-variable limit (❓ commonly 35) and its URL ban, checked before the call. */
export const SMS_PARAM_MAX = 35;
export const SMS_URL_LIKE = /(https?:\/\/|www\.|[a-z0-9-]+\.(com|cn|net|org|top|xyz|io|me|cc)\b)/i;
/** Provider codes that mean the template or its parameters are wrong (template_invalid, not provider_rejected). */
const TEMPLATE_CODES = new Set([
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.INVALID_JSON_PARAM',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.PARAM_NOT_SUPPORT_URL',
  'isv.SMS_TEMPLATE_ILLEGAL',
]);

/** The OutId of an intent: hex SHA-256 of its key (64 chars). */
export function smsOutId(intentKey: string): string {
  return crypto.createHash('sha256').update(intentKey).digest('hex');
}

type SendRow = typeof smsSends.$inferSelect;

const skip = (reason: 'no_phone' | 'suppressed' | 'template_invalid' | 'flow_control' | 'provider_rejected' | 'member_gone', detail?: string): SendOutcome =>
  detail === undefined ? { kind: 'skip', reason } : { kind: 'skip', reason, detail };

/** The template's parameters from the intent's variables (link variables filled later); a problem as a string. */
function intentParams(template: SmsTemplateView, intent: IntentToSend): Record<string, string> | string {
  const params: Record<string, string> = {};
  for (const name of template.variables) {
    if (name === SMS_LINK_TOKEN_VARIABLE || name === SMS_LINK_TICKET_VARIABLE) continue;
    const value = intent.variables[name];
    if (typeof value !== 'string') return `变量 ${name} 缺失`;
    if ([...value].length > SMS_PARAM_MAX) return `变量 ${name} 超过 ${SMS_PARAM_MAX} 字`;
    if (SMS_URL_LIKE.test(value)) return `变量 ${name} 不能是链接`;
    params[name] = value;
  }
  return params;
}

async function memberPhone(ctx: SendContext, memberId: number): Promise<{ phone: string; phoneHash: string } | 'member_gone' | 'no_phone'> {
  const [member] = await ctx.deps.db.select({ cipher: members.phoneCipher, hash: members.phoneHash }).from(members).where(eq(members.id, memberId));
  if (!member) return 'member_gone';
  if (!member.cipher || !member.hash) return 'no_phone';
  return { phone: ctx.deps.phoneCrypto.decrypt(member.cipher), phoneHash: member.hash };
}

async function findRow(db: Executor, intentId: number): Promise<SendRow | undefined> {
  const [row] = await db.select().from(smsSends).where(eq(smsSends.intentId, intentId));
  return row;
}

/** Did an earlier call reach Aliyun? QuerySendDetails for the row's day(s), matched on OutId. */
async function foundAtProvider(ctx: SendContext, row: SendRow, phone: string): Promise<boolean> {
  const sms = ctx.deps.sms;
  if (!sms) return false;
  const days = [...new Set([shanghaiDay(row.createdAt.getTime()), shanghaiDay(ctx.now.getTime())])];
  for (const sendDate of days) {
    const details = await sms.querySendDetails({ phone, sendDate, outId: row.outId });
    if (details.length > 0) {
      await ctx.deps.db
        .update(smsSends)
        .set({ sentAt: ctx.now, errorCode: null })
        .where(and(eq(smsSends.id, row.id), isNull(smsSends.sentAt)));
      return true;
    }
  }
  return false;
}

/**
 * The row this call may send with: its own new row, or an existing unsent row claimed for this attempt.
 * 'sent' when an earlier call already went out; 'busy' when another caller owns this attempt.
 */
async function claimRow(
  ctx: SendContext,
  intent: IntentToSend,
  values: Omit<typeof smsSends.$inferInsert, 'linkToken' | 'outId' | 'intentId' | 'attempt'>,
  withToken: boolean,
): Promise<{ row: SendRow; fresh: boolean } | 'sent' | 'busy'> {
  const db = ctx.deps.db;
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const [inserted] = await db
        .insert(smsSends)
        .values({ ...values, intentId: intent.id, outId: smsOutId(intent.key), attempt: intent.attempts, linkToken: withToken ? newLinkToken() : null })
        .onConflictDoNothing({ target: smsSends.intentId })
        .returning();
      if (inserted) return { row: inserted, fresh: true };
    } catch (error) {
      // A `cq` token already taken (about 1 in 10^17): draw again.
      if (isUniqueViolation(error, 'sms_sends_link_token_key')) continue;
      throw error;
    }
    const existing = await findRow(db, intent.id);
    if (!existing) continue;
    if (existing.sentAt || existing.bizId) return 'sent';
    const [claimed] = await db
      .update(smsSends)
      .set({ attempt: intent.attempts })
      .where(
        and(
          eq(smsSends.id, existing.id),
          lt(smsSends.attempt, intent.attempts),
          isNull(smsSends.sentAt),
          isNull(smsSends.bizId),
          eq(smsSends.status, 'accepted'),
        ),
      )
      .returning();
    return claimed ? { row: claimed, fresh: false } : 'busy';
  }
  throw new Error('could not store the SMS send');
}

async function send(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome> {
  const { deps, now } = ctx;
  const sms = deps.sms;
  if (!sms) return skip('provider_rejected', '短信服务未配置');
  const who = await memberPhone(ctx, intent.memberId);
  if (who === 'member_gone' || who === 'no_phone') return skip(who);
  const [suppressed] = await deps.db.select({ hash: smsSuppressions.phoneHash }).from(smsSuppressions).where(eq(smsSuppressions.phoneHash, who.phoneHash));
  if (suppressed) return skip('suppressed');
  const template = await findSmsTemplate(deps.db, intent.template);
  if (template?.status !== 'approved') return skip('template_invalid', `短信模板 ${intent.template} 不存在或未审核通过`);
  const base = intentParams(template, intent);
  if (typeof base === 'string') return skip('template_invalid', base);
  const needsToken = template.variables.includes(SMS_LINK_TOKEN_VARIABLE);
  const needsTicket = template.variables.includes(SMS_LINK_TICKET_VARIABLE);

  const claim = await claimRow(
    ctx,
    intent,
    { phoneHash: who.phoneHash, memberId: intent.memberId, templateCode: template.code, params: base, status: 'accepted', createdAt: now },
    needsToken,
  );
  if (claim === 'sent') return { kind: 'sent', providerRef: smsOutId(intent.key) };
  if (claim === 'busy') return { kind: 'retry', reason: 'sms_in_flight', afterMs: 60_000, providerRef: smsOutId(intent.key) };
  const { row } = claim;
  try {
    // A claimed earlier row with no definite refusal may have gone out (a timeout): ask before sending again.
    if (!claim.fresh && !row.errorCode && (await foundAtProvider(ctx, row, who.phone))) return { kind: 'sent', providerRef: row.outId };
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message.slice(0, 200) : 'sms_status', providerRef: row.outId };
  }

  const params = { ...base };
  if (needsToken) params[SMS_LINK_TOKEN_VARIABLE] = row.linkToken ?? newLinkToken();
  if (needsTicket) {
    try {
      params[SMS_LINK_TICKET_VARIABLE] = urlLinkTicket(
        await urlLinkFor(deps.db, deps.wechat, { journeyId: intent.journeyId, campaignId: intent.campaignId }, now),
      );
    } catch (error) {
      await deps.db.update(smsSends).set({ errorCode: 'url_link' }).where(eq(smsSends.id, row.id));
      if (error instanceof WechatApiError && [40165, 85079, 40002, 48001].includes(error.errcode))
        return skip('provider_rejected', `URL Link ${error.errcode}`);
      return { kind: 'retry', reason: 'url_link', providerRef: row.outId };
    }
  }

  try {
    const accepted = await sms.sendBatch({ phones: [who.phone], signName: template.signName, templateCode: template.code, params: [params], outId: row.outId });
    await deps.db
      .update(smsSends)
      .set({ bizId: sql`coalesce(${smsSends.bizId}, ${accepted.bizId})`, sentAt: now, errorCode: null, params })
      .where(eq(smsSends.id, row.id));
    return { kind: 'sent', providerRef: row.outId };
  } catch (error) {
    if (error instanceof SmsTimeoutError) {
      await deps.db.update(smsSends).set({ errorCode: null, params }).where(eq(smsSends.id, row.id));
      return { kind: 'retry', reason: 'sms_timeout', providerRef: row.outId };
    }
    if (!(error instanceof SmsProviderError)) throw error;
    if (error.kind === 'retry' || error.kind === 'account') {
      await deps.db.update(smsSends).set({ errorCode: error.code, params }).where(eq(smsSends.id, row.id));
      return { kind: 'retry', reason: error.code, providerRef: row.outId };
    }
    await deps.db.update(smsSends).set({ status: 'failed', errorCode: error.code, params, reportedAt: now }).where(eq(smsSends.id, row.id));
    if (error.kind === 'flow_control') return skip('flow_control', error.code);
    return skip(TEMPLATE_CODES.has(error.code) ? 'template_invalid' : 'provider_rejected', error.code);
  }
}

async function status(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome | null> {
  const row = await findRow(ctx.deps.db, intent.id);
  if (!row) return null;
  if (row.sentAt || row.bizId) return { kind: 'sent', providerRef: row.outId, ...(row.status === 'delivered' ? { delivered: true } : {}) };
  if (row.status === 'failed') return skip(row.errorCode?.includes('LIMIT_CONTROL') ? 'flow_control' : 'provider_rejected', row.errorCode ?? undefined);
  // The last call was refused outright: nothing went out.
  if (row.errorCode) return null;
  const who = await memberPhone(ctx, intent.memberId);
  if (who === 'member_gone' || who === 'no_phone') return skip(who);
  try {
    return (await foundAtProvider(ctx, row, who.phone)) ? { kind: 'sent', providerRef: row.outId } : null;
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message.slice(0, 200) : 'sms_status', providerRef: row.outId };
  }
}

export const smsSender: ChannelSender = { channel: 'sms', send, status };
