import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { wecomContacts } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { WecomApiError } from '../../wecom/client';
import type { ChannelSender, IntentToSend, SendContext, SendOutcome } from '../messaging/types';
import { releaseMonthlySend, reserveMonthlySend } from './monthly';
import { wecomContent } from './welcome';

/**
 * The WeCom channel (messaging-protocols.md §1.8, §4 rules 12–13): one add_msg_template task for the member's
 * WeCom contact, sent by its follow user (the staff member who owns the customer). Nothing reaches the customer
 * until that staff member confirms in their client, so the outcome is 'waiting'; poll() reads
 * get_groupmsg_send_result: 1 sent, 3 over WeCom's monthly cap, 2 no longer a friend, 0 still waiting — until
 * 24 h after the task, then 'wecom_not_confirmed' (the fallback channel runs).
 * providerRef = `<msgid>/<sender userid>/<external_userid>/<task created at, epoch ms>`.
 */
const CHECK_AFTER_MS = 60_000;
const WAIT_MS = 24 * 3_600_000;
/** WeCom errors that mean no customer could be sent to (41048) or the contact is gone (84061, 40096). */
const NOT_REACHABLE = new Set([41048, 84061, 40096]);
const RATE_LIMITED = 45009;

interface WecomRef {
  msgid: string;
  userId: string;
  externalUserId: string;
  createdAtMs: number;
}

function refOf(intent: IntentToSend): WecomRef | null {
  const parts = intent.providerRef?.split('/') ?? [];
  const [msgid, userId, externalUserId, at] = parts;
  if (parts.length !== 4 || !msgid || !userId || !externalUserId || !/^\d{1,15}$/.test(at ?? '')) return null;
  return { msgid, userId, externalUserId, createdAtMs: Number(at) };
}

/** The member's live WeCom contact with a follow user (the latest added), or null. */
async function contactOf(ctx: SendContext, memberId: number): Promise<{ externalUserId: string; userId: string } | null> {
  const [row] = await ctx.deps.db
    .select({ externalUserId: wecomContacts.externalUserId, userId: wecomContacts.followUserId })
    .from(wecomContacts)
    .where(and(eq(wecomContacts.memberId, memberId), isNull(wecomContacts.deletedAt), isNotNull(wecomContacts.followUserId)))
    .orderBy(desc(wecomContacts.addedAt))
    .limit(1);
  return row?.userId ? { externalUserId: row.externalUserId, userId: row.userId } : null;
}

/** The message of an intent: `title` and `content` variables as text, its link as a mini-program card. */
function messageOf(ctx: SendContext, intent: IntentToSend) {
  const title = intent.variables.title?.trim() ?? '';
  const content = intent.variables.content?.trim() ?? '';
  const text = [title, content].filter((part) => part !== '').join('\n');
  const card = intent.link ? { title: (title || content || '点击查看').slice(0, 64), page: intent.link } : null;
  return wecomContent(ctx.deps, text, card);
}

async function send(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome> {
  const client = ctx.deps.wecom;
  if (!client) return { kind: 'skip', reason: 'provider_rejected', detail: 'wecom not configured' };
  const contact = await contactOf(ctx, intent.memberId);
  if (!contact) return { kind: 'skip', reason: 'no_wecom_contact' };
  const message = messageOf(ctx, intent);
  if (message.text === null && message.attachments.length === 0) return { kind: 'skip', reason: 'template_invalid', detail: 'empty message' };
  if (message.text !== null && Buffer.byteLength(message.text) > 4000) return { kind: 'skip', reason: 'template_invalid', detail: 'text over 4000 bytes' };
  const db = ctx.deps.db;
  if (!(await reserveMonthlySend(db, contact.externalUserId, ctx.now))) return { kind: 'skip', reason: 'wecom_monthly_limit' };
  try {
    const task = await client.addMsgTemplate({ externalUserIds: [contact.externalUserId], sender: contact.userId, ...message });
    if (task.failList.includes(contact.externalUserId)) {
      await releaseMonthlySend(db, contact.externalUserId, ctx.now);
      return { kind: 'skip', reason: 'no_wecom_contact', detail: 'fail_list' };
    }
    return {
      kind: 'waiting',
      providerRef: `${task.msgid}/${contact.userId}/${contact.externalUserId}/${ctx.now.getTime()}`,
      checkAfter: new Date(ctx.now.getTime() + CHECK_AFTER_MS),
      waitUntil: new Date(ctx.now.getTime() + WAIT_MS),
    };
  } catch (error) {
    await releaseMonthlySend(db, contact.externalUserId, ctx.now);
    if (error instanceof WecomApiError) {
      if (NOT_REACHABLE.has(error.errcode)) return { kind: 'skip', reason: 'no_wecom_contact', detail: `errcode ${error.errcode}` };
      if (error.errcode === RATE_LIMITED || error.errcode === -1) return { kind: 'retry', reason: `errcode ${error.errcode}`, afterMs: 60_000 };
      return { kind: 'skip', reason: 'provider_rejected', detail: `errcode ${error.errcode}` };
    }
    if (error instanceof AppError && error.code === 'WECOM_UNAVAILABLE') return { kind: 'retry', reason: 'wecom unavailable' };
    throw error;
  }
}

async function poll(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome> {
  const client = ctx.deps.wecom;
  const ref = refOf(intent);
  if (!client || !ref) return { kind: 'skip', reason: 'provider_rejected', detail: 'no wecom task' };
  const waitUntil = new Date(ref.createdAtMs + WAIT_MS);
  let status: number;
  try {
    const results = await client.getGroupMsgSendResult({ msgid: ref.msgid, userid: ref.userId });
    status = results.find((row) => row.externalUserId === ref.externalUserId)?.status ?? 0;
  } catch (error) {
    if (error instanceof WecomApiError && (error.errcode === 41046 || error.errcode === 41047)) {
      return { kind: 'skip', reason: 'provider_rejected', detail: `errcode ${error.errcode}` };
    }
    if (ctx.now >= waitUntil) return { kind: 'skip', reason: 'wecom_not_confirmed' };
    return { kind: 'waiting', providerRef: intent.providerRef ?? '', checkAfter: new Date(ctx.now.getTime() + CHECK_AFTER_MS), waitUntil };
  }
  if (status === 1) return { kind: 'sent', providerRef: intent.providerRef ?? undefined, delivered: true };
  if (status === 3) return { kind: 'skip', reason: 'wecom_monthly_limit', detail: 'status 3' };
  if (status === 2) {
    await releaseMonthlySend(ctx.deps.db, ref.externalUserId, new Date(ref.createdAtMs));
    return { kind: 'skip', reason: 'no_wecom_contact', detail: 'status 2' };
  }
  if (ctx.now >= waitUntil) return { kind: 'skip', reason: 'wecom_not_confirmed' };
  return { kind: 'waiting', providerRef: intent.providerRef ?? '', checkAfter: new Date(ctx.now.getTime() + CHECK_AFTER_MS), waitUntil };
}

export const wecomSender: ChannelSender = {
  channel: 'wecom',
  send,
  /** After a crash with a task made (providerRef stored): the task's result; no task → send again. */
  async status(ctx, intent) {
    return refOf(intent) ? poll(ctx, intent) : null;
  },
  poll,
};
