import { and, asc, eq, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { messageChannelSchema, messagePurposeSchema, sendContentSchema, type SkipReason } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { messageIntents } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { countSend, judgeIntent, loadGuardFacts, lockMembersForGuards, type GuardIntent } from './guards';
import { CHANNEL_SENDERS } from './senders';
import { loadMessagingSettings } from './settings';
import type { ChannelSender, IntentToSend, SendContext, SendOutcome } from './types';

/**
 * The dispatcher: claims due intents, checks the guards at send time, calls each channel's sender outside
 * any transaction and records what came of it. Exactly once: an intent is claimed ('sending', attempts + 1)
 * in a short transaction with FOR UPDATE SKIP LOCKED, so no two workers hold it; the outcome is recorded only
 * if the row is still the claim this worker made. A worker that dies between claim and record leaves the
 * intent 'sending': after STALE_SENDING_MS another run asks the sender's status() (sent / skip settle it,
 * null sends again) or, for a sender without status() (idempotent by contract, like in-app), sends again.
 * sent_at is stamped at the claim (so the caps count messages in flight) and cleared when the intent is
 * skipped, retried or failed; a sent intent's sent_at is the time its outcome was recorded.
 */

/** A claim older than this is a worker that died between claim and record. */
export const STALE_SENDING_MS = 2 * 60 * 1000;
/** Attempts before an intent that keeps answering 'retry' is failed. */
export const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;
/** Sends in flight at once within one run (in-app writes, provider calls). */
const SEND_CONCURRENCY = 8;

type IntentRow = typeof messageIntents.$inferSelect;

type Action = 'send' | 'recover' | 'poll';

interface Work {
  intent: IntentToSend;
  action: Action;
  /** The attempts value of this worker's claim (the record step only writes over its own claim). */
  claimedAttempts: number;
}

export interface DispatchOptions {
  /**
   * Test hook: runs after the sender answered and before the outcome is recorded. Throwing from it is a
   * crash between send and record (the intent stays 'sending' and the run rejects once in-flight sends end).
   */
  afterSendHook?: (intent: IntentToSend, outcome: SendOutcome) => void | Promise<void>;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  skipped: number;
  held: number;
  waiting: number;
  retried: number;
  failed: number;
}

/** The backoff before attempt `attempts + 1`: 2^attempts × 30 s, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, 2 ** Math.min(attempts, 20) * BACKOFF_BASE_MS);
}

function toIntent(row: IntentRow, attempts: number): IntentToSend {
  return {
    id: row.id,
    key: row.key,
    memberId: row.memberId,
    channel: messageChannelSchema.parse(row.channel),
    purpose: messagePurposeSchema.parse(row.purpose),
    template: row.template,
    variables: (row.variables ?? {}) as Record<string, string>,
    link: row.link,
    attempts,
    providerRef: row.providerRef,
    journeyId: row.journeyId,
    campaignId: row.campaignId,
    createdAt: row.createdAt,
  };
}

function toGuard(row: IntentRow): GuardIntent {
  return {
    memberId: row.memberId,
    channel: messageChannelSchema.parse(row.channel),
    purpose: messagePurposeSchema.parse(row.purpose),
    journeyId: row.journeyId,
    campaignId: row.campaignId,
  };
}

/**
 * Skips an intent with its reason and, in the same transaction, writes its fallback (if any) as a new pending
 * intent `<key>:fb` — same member, purpose, journey, step and arm; the fallback has no fallback of its own.
 */
export async function skipIntent(db: Executor, row: IntentRow, reason: SkipReason, now: Date, logDetail?: (detail: string) => void): Promise<void> {
  await db.update(messageIntents).set({ status: 'skipped', reason, sentAt: null, updatedAt: now }).where(eq(messageIntents.id, row.id));
  if (row.fallback === null || row.fallback === undefined) return;
  const fallback = sendContentSchema.safeParse(row.fallback);
  if (!fallback.success) {
    logDetail?.(`intent ${row.id}: its fallback is not valid content`);
    return;
  }
  await db
    .insert(messageIntents)
    .values({
      key: `${row.key}:fb`,
      memberId: row.memberId,
      channel: fallback.data.channel,
      purpose: row.purpose,
      template: fallback.data.template,
      variables: fallback.data.variables,
      link: fallback.data.link ?? null,
      status: 'pending',
      notBefore: now,
      enrollmentId: row.enrollmentId,
      stepId: row.stepId,
      journeyId: row.journeyId,
      campaignId: row.campaignId,
      experimentId: row.experimentId,
      arm: row.arm,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: messageIntents.key });
}

/** Claims up to `limit` due intents in one short transaction; guard skips and holds are settled in it. */
async function claim(deps: AppDeps, now: Date, limit: number, result: DispatchResult): Promise<{ work: Work[]; rows: Map<number, IntentRow> }> {
  return deps.db.transaction(async (tx) => {
    const stale = new Date(now.getTime() - STALE_SENDING_MS);
    const rows = await tx
      .select()
      .from(messageIntents)
      .where(
        and(
          inArray(messageIntents.status, ['pending', 'sending', 'waiting']),
          lte(messageIntents.notBefore, now),
          or(ne(messageIntents.status, 'sending'), lt(messageIntents.updatedAt, stale)),
        ),
      )
      .orderBy(asc(messageIntents.notBefore), asc(messageIntents.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    result.claimed += rows.length;
    const byId = new Map(rows.map((row) => [row.id, row]));
    if (rows.length === 0) return { work: [], rows: byId };
    const pending = rows.filter((row) => row.status === 'pending');
    const marketing = pending.filter((row) => row.purpose === 'marketing');
    // Caps count sends across workers: the members' guard locks make the count-then-claim atomic.
    await lockMembersForGuards(
      tx,
      marketing.map((row) => row.memberId),
    );
    const settings = await loadMessagingSettings(tx);
    const facts = await loadGuardFacts(tx, pending.map(toGuard), now);
    const work: Work[] = [];
    for (const row of rows) {
      if (row.status === 'waiting') {
        if (row.waitUntil && row.waitUntil <= now) {
          await skipIntent(tx, row, 'wecom_not_confirmed', now);
          result.skipped += 1;
        } else work.push({ intent: toIntent(row, row.attempts), action: 'poll', claimedAttempts: row.attempts + 1 });
        continue;
      }
      if (row.status === 'sending') {
        work.push({ intent: toIntent(row, row.attempts), action: 'recover', claimedAttempts: row.attempts + 1 });
        continue;
      }
      const guard = toGuard(row);
      const verdict = judgeIntent(guard, facts, settings, now);
      if (verdict.kind === 'hold') {
        await tx.update(messageIntents).set({ notBefore: verdict.until, updatedAt: now }).where(eq(messageIntents.id, row.id));
        result.held += 1;
      } else if (verdict.kind === 'skip') {
        await skipIntent(tx, row, verdict.reason, now);
        result.skipped += 1;
      } else if (!CHANNEL_SENDERS[guard.channel]) {
        deps.logger.warn({ intentId: row.id, channel: guard.channel }, 'message skipped: channel not configured');
        await skipIntent(tx, row, 'provider_rejected', now);
        result.skipped += 1;
      } else {
        countSend(facts, guard);
        work.push({ intent: toIntent(row, row.attempts), action: 'send', claimedAttempts: row.attempts + 1 });
      }
    }
    // Claimed for a first send: sent_at marks the claim (the caps count it while in flight) until the outcome.
    const fresh = work.filter((item) => item.action === 'send').map((item) => item.intent.id);
    const others = work.filter((item) => item.action !== 'send').map((item) => item.intent.id);
    if (fresh.length > 0) {
      await tx
        .update(messageIntents)
        .set({ status: 'sending', attempts: sql`${messageIntents.attempts} + 1`, sentAt: now, updatedAt: now })
        .where(inArray(messageIntents.id, fresh));
    }
    if (others.length > 0) {
      await tx
        .update(messageIntents)
        .set({ status: 'sending', attempts: sql`${messageIntents.attempts} + 1`, updatedAt: now })
        .where(inArray(messageIntents.id, others));
    }
    return { work, rows: byId };
  });
}

/** Calls the sender for one claimed intent; a thrown error is a 'retry'. */
async function callSender(ctx: SendContext, sender: ChannelSender | undefined, item: Work): Promise<SendOutcome> {
  if (!sender) return { kind: 'skip', reason: 'provider_rejected', detail: 'channel not configured' };
  try {
    if (item.action === 'poll') {
      return sender.poll ? await sender.poll(ctx, item.intent) : { kind: 'skip', reason: 'provider_rejected', detail: 'the sender cannot poll' };
    }
    if (item.action === 'recover' && sender.status) {
      const earlier = await sender.status(ctx, item.intent);
      if (earlier) return earlier;
    }
    return await sender.send(ctx, { ...item.intent, attempts: item.intent.attempts });
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message.slice(0, 200) : 'sender error' };
  }
}

/** Records one outcome, only over this worker's own claim (status 'sending' with the attempts it set). */
async function record(deps: AppDeps, row: IntentRow, item: Work, outcome: SendOutcome, now: Date, result: DispatchResult): Promise<void> {
  const mine = and(eq(messageIntents.id, row.id), eq(messageIntents.status, 'sending'), eq(messageIntents.attempts, item.claimedAttempts));
  await deps.db.transaction(async (tx) => {
    switch (outcome.kind) {
      case 'sent': {
        const updated = await tx
          .update(messageIntents)
          .set({
            status: outcome.delivered ? 'delivered' : 'sent',
            reason: null,
            sentAt: now,
            ...(outcome.delivered ? { deliveredAt: now } : {}),
            providerRef: outcome.providerRef ?? row.providerRef,
            updatedAt: now,
          })
          .where(mine)
          .returning({ id: messageIntents.id });
        if (updated.length) result.sent += 1;
        return;
      }
      case 'waiting': {
        const updated = await tx
          .update(messageIntents)
          .set({ status: 'waiting', providerRef: outcome.providerRef, notBefore: outcome.checkAfter, waitUntil: outcome.waitUntil, updatedAt: now })
          .where(mine)
          .returning({ id: messageIntents.id });
        if (updated.length) result.waiting += 1;
        return;
      }
      case 'retry': {
        const exhausted = item.claimedAttempts >= MAX_ATTEMPTS;
        const updated = await tx
          .update(messageIntents)
          .set(
            exhausted
              ? { status: 'failed', reason: outcome.reason.slice(0, 200), sentAt: null, updatedAt: now }
              : {
                  status: 'pending',
                  reason: outcome.reason.slice(0, 200),
                  sentAt: null,
                  notBefore: new Date(now.getTime() + (outcome.afterMs ?? backoffMs(item.claimedAttempts))),
                  providerRef: outcome.providerRef ?? row.providerRef,
                  updatedAt: now,
                },
          )
          .where(mine)
          .returning({ id: messageIntents.id });
        if (updated.length) result[exhausted ? 'failed' : 'retried'] += 1;
        return;
      }
      case 'skip': {
        const [current] = await tx.select({ id: messageIntents.id }).from(messageIntents).where(mine).for('update');
        if (!current) return;
        if (outcome.detail) deps.logger.info({ intentId: row.id, reason: outcome.reason, detail: outcome.detail }, 'message skipped');
        await skipIntent(tx, row, outcome.reason, now);
        result.skipped += 1;
      }
    }
  });
}

/**
 * One dispatch run at `now`: claims up to `limit` due intents (pending, waiting to poll, or 'sending' left by a
 * dead worker), sends and records them. Returns what it did; run again while `claimed` equals the limit.
 */
export async function dispatchDue(deps: AppDeps, now: Date, limit = 200, options: DispatchOptions = {}): Promise<DispatchResult> {
  const result: DispatchResult = { claimed: 0, sent: 0, skipped: 0, held: 0, waiting: 0, retried: 0, failed: 0 };
  const { work, rows } = await claim(deps, now, limit, result);
  const ctx: SendContext = { deps, now };
  const sent: { item: Work; outcome: Extract<SendOutcome, { kind: 'sent' }> }[] = [];
  let next = 0;
  let crash: unknown = null;
  const lane = async () => {
    while (crash === null && next < work.length) {
      const item = work[next] as Work;
      next += 1;
      const outcome = await callSender(ctx, CHANNEL_SENDERS[item.intent.channel], item);
      try {
        await options.afterSendHook?.(item.intent, outcome);
        if (outcome.kind === 'sent') sent.push({ item, outcome });
        else await record(deps, rows.get(item.intent.id) as IntentRow, item, outcome, now, result);
      } catch (error) {
        crash ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, work.length) }, lane));
  await recordSent(deps, sent, now, result);
  if (crash !== null) throw crash;
  return result;
}

/** Records the sends that went out, in one statement, each only over this worker's own claim. */
async function recordSent(
  deps: AppDeps,
  sent: { item: Work; outcome: Extract<SendOutcome, { kind: 'sent' }> }[],
  now: Date,
  result: DispatchResult,
): Promise<void> {
  if (sent.length === 0) return;
  const values = JSON.stringify(
    sent.map(({ item, outcome }) => ({
      id: item.intent.id,
      attempts: item.claimedAttempts,
      delivered: outcome.delivered === true,
      ref: outcome.providerRef ?? null,
    })),
  );
  const at = now.toISOString();
  const updated = await queryRows<{ id: string | number }>(
    deps.db,
    sql`update message_intents m
        set status = case when v.delivered then 'delivered' else 'sent' end, reason = null, sent_at = ${at}::timestamptz,
            delivered_at = case when v.delivered then ${at}::timestamptz else m.delivered_at end,
            provider_ref = coalesce(v.ref, m.provider_ref), updated_at = ${at}::timestamptz
        from jsonb_to_recordset(${values}::jsonb) as v(id bigint, attempts int, delivered boolean, ref text)
        where m.id = v.id and m.status = 'sending' and m.attempts = v.attempts
        returning m.id`,
  );
  result.sent += updated.length;
}
