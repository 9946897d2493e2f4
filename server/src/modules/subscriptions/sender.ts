import { eq } from 'drizzle-orm';
import { subscribeFieldType, subscribeValueProblem } from '@siyu/shared';
import { members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { WechatApiError } from '../../wechat/client';
import type { ChannelSender, IntentToSend, SendContext, SendOutcome } from '../messaging/types';
import { refundGrant, spendGrant, unrefundedSpend, zeroGrants } from './grants';
import { findTemplateByKey, type SubscribeTemplateRow } from './templates';

/** Errcodes after which WeChat certainly did not send: try again later (the grant is given back). */
const TRANSIENT = new Set([-1, 40001, 42001, 45009, 45011]);

/** The template's data from the intent's rendered variables, or the first field that breaks WeChat's limits. */
export function renderSubscribeData(
  template: Pick<SubscribeTemplateRow, 'fields'>,
  variables: Record<string, string>,
): { data: Record<string, string> } | { field: string; problem: string } {
  const data: Record<string, string> = {};
  for (const field of template.fields) {
    const given = variables[field.key];
    const value = given ?? (field.placeholder.includes('{{') ? '' : field.placeholder);
    const type = subscribeFieldType(field.key);
    const problem = type ? subscribeValueProblem(type, value) : '未知的字段类型';
    if (problem) return { field: field.key, problem: `${field.label}（${field.key}）：${problem}` };
    data[field.key] = value;
  }
  return { data };
}

/** The page a message opens: the intent's link (without the leading '/') or the template's page. */
function pageOf(intent: IntentToSend, template: SubscribeTemplateRow): string {
  const link = intent.link?.replace(/^\//, '');
  return link && /^pages\/[a-z0-9-]+\/index(\?.*)?$/.test(link) ? link : template.page;
}

/**
 * The WeChat subscribe-message sender. Service notices only (WeChat forbids marketing in subscribe
 * messages). Every send spends one of the member's grants from our ledger first, keyed by the intent and
 * attempt; a WeChat answer that certainly sent nothing (busy, token) gives it back, 43101 zeroes our
 * mirror. There is no provider idempotency: see status().
 */
export const subscribeSender: ChannelSender = {
  channel: 'subscribe',

  async send(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome> {
    const { db } = ctx.deps;
    if (intent.purpose !== 'service') return { kind: 'skip', reason: 'template_invalid', detail: '订阅消息只能发送服务通知，不能用于营销' };
    // An earlier attempt spent a grant and may have reached WeChat: at most once, never a second message.
    if (await unrefundedSpend(db, intent.memberId, intent.id)) return { kind: 'sent', providerRef: `spend:${intent.id}` };
    const template = await findTemplateByKey(db, intent.template);
    if (!template || !template.enabled) return { kind: 'skip', reason: 'template_invalid', detail: `订阅消息模板「${intent.template}」不存在或已停用` };
    const [member] = await db.select({ openid: members.openid }).from(members).where(eq(members.id, intent.memberId));
    if (!member) return { kind: 'skip', reason: 'member_gone' };
    if (!member.openid) return { kind: 'skip', reason: 'no_openid' };
    const rendered = renderSubscribeData(template, intent.variables);
    if ('problem' in rendered) return { kind: 'skip', reason: 'template_invalid', detail: rendered.problem };

    const attempt = `${intent.id}:${intent.attempts}`;
    if (!(await spendGrant(db, intent.memberId, template.templateId, `spend:${attempt}`, ctx.now))) return { kind: 'skip', reason: 'no_grant' };
    const giveBack = () => refundGrant(db, intent.memberId, template.templateId, `refund:${attempt}`, ctx.now);
    try {
      await ctx.deps.wechat.sendSubscribeMessage({
        toUser: member.openid,
        templateId: template.templateId,
        page: pageOf(intent, template),
        data: rendered.data,
      });
      return { kind: 'sent', providerRef: `spend:${attempt}` };
    } catch (error) {
      if (error instanceof WechatApiError) {
        if (error.errcode === 43101) {
          await zeroGrants(db, intent.memberId, template.templateId, `zero:${attempt}`, ctx.now);
          return { kind: 'skip', reason: 'no_grant', detail: '微信：用户未订阅或次数已用完 (43101)' };
        }
        // Every other errcode: WeChat sent nothing and spent nothing, so neither do we.
        await giveBack();
        if (error.errcode === 40003) return { kind: 'skip', reason: 'no_openid', detail: '微信：openid 无效 (40003)' };
        if (error.errcode === 47003 || error.errcode === 40037 || error.errcode === 41030)
          return { kind: 'skip', reason: 'template_invalid', detail: `微信 ${error.errcode}：${error.errmsg}` };
        if (TRANSIENT.has(error.errcode)) return { kind: 'retry', reason: `wechat ${error.errcode}` };
        return { kind: 'skip', reason: 'provider_rejected', detail: `微信 ${error.errcode}：${error.errmsg}` };
      }
      if (error instanceof AppError && error.code === 'WECHAT_UNAVAILABLE') {
        const details = error.details as { httpStatus?: number; reason?: string } | undefined;
        // No answer (timeout, reset): WeChat may have sent it. The grant stays spent and the next attempt
        // (or status()) counts it as sent: at most once, never twice.
        if (details?.httpStatus === undefined)
          return { kind: 'retry', reason: `wechat unreachable (${details?.reason ?? 'no answer'})`, providerRef: `spend:${attempt}` };
        // An HTTP error status (gateway 5xx) before WeChat answered: nothing was sent.
        await giveBack();
        return { kind: 'retry', reason: `wechat http ${details.httpStatus}` };
      }
      // Our own failure before the request left (token fetch, a bug): nothing was sent.
      await giveBack();
      throw error;
    }
  },

  /**
   * After a crash or a timeout: WeChat cannot be asked whether a subscribe message went out, so our ledger
   * answers. No unrefunded spend for the intent → WeChat certainly did not get it → null (send again). A
   * spend without a refund → it may have gone out → 'sent' (at most once). Residual window: a crash between
   * the spend's commit and the HTTP call loses that message (the grant is spent, nothing was sent).
   */
  async status(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome | null> {
    return (await unrefundedSpend(ctx.deps.db, intent.memberId, intent.id)) ? { kind: 'sent', providerRef: `spend:${intent.id}` } : null;
  },
};
