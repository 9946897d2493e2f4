import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { subscribeGrantBalances, subscribeGrants, subscribeTemplates } from '../../db/schema';
import { SUBSCRIBE_SCENES } from './defaults';

/** What wx.requestSubscribeMessage answers per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

/**
 * POST /api/me/subscriptions: the results of one requestSubscribeMessage call. `requestId` (a uuid the
 * client makes once per call and reuses on retry) keys the ledger rows, so a retry grants nothing twice.
 */
export const subscriptionResultsBodySchema = z.strictObject({
  requestId: z.string().uuid(),
  source: z.enum(SUBSCRIBE_SCENES),
  results: z
    .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.enum(SUBSCRIBE_RESULTS))
    .refine((results) => Object.keys(results).length >= 1 && Object.keys(results).length <= 3, '一次最多 3 个模板'),
});
export type SubscriptionResultsBody = z.output<typeof subscriptionResultsBodySchema>;

/** Adds `delta` to a balance (creating it), in the caller's transaction. */
async function addToBalance(db: Executor, memberId: number, templateId: string, delta: number, now: Date): Promise<void> {
  await db
    .insert(subscribeGrantBalances)
    .values({ memberId, templateId, balance: delta, updatedAt: now })
    .onConflictDoUpdate({
      target: [subscribeGrantBalances.memberId, subscribeGrantBalances.templateId],
      set: { balance: sql`${subscribeGrantBalances.balance} + ${delta}`, updatedAt: now },
    });
}

/**
 * Records the accepts of one call: one +1 ledger row and balance per accepted, configured template; a
 * replay of the same requestId finds its rows and adds nothing. Unknown template ids are ignored (reported).
 */
export async function recordSubscriptionResults(
  sc: ServiceContext,
  memberId: number,
  body: SubscriptionResultsBody,
): Promise<{ granted: number; ignored: string[]; balances: { templateId: string; remaining: number }[] }> {
  const accepted = Object.entries(body.results)
    .filter(([, result]) => result === 'accept')
    .map(([templateId]) => templateId);
  const configured =
    accepted.length === 0
      ? []
      : (
          await sc.db.select({ templateId: subscribeTemplates.templateId }).from(subscribeTemplates).where(inArray(subscribeTemplates.templateId, accepted))
        ).map((row) => row.templateId);
  const ignored = accepted.filter((templateId) => !configured.includes(templateId));
  let granted = 0;
  await inTransaction(sc, async (tx) => {
    granted = 0;
    for (const templateId of configured) {
      const inserted = await tx.db
        .insert(subscribeGrants)
        .values({ memberId, templateId, delta: 1, source: body.source, sourceKey: `accept:${memberId}:${body.requestId}:${templateId}`, createdAt: tx.now })
        .onConflictDoNothing({ target: subscribeGrants.sourceKey })
        .returning({ id: subscribeGrants.id });
      if (inserted.length === 0) continue;
      await addToBalance(tx.db, memberId, templateId, 1, tx.now);
      granted += 1;
    }
  });
  const balances = configured.length === 0 ? [] : await balancesOf(sc.db, memberId, configured);
  return { granted, ignored, balances };
}

async function balancesOf(db: Executor, memberId: number, templateIds: string[]): Promise<{ templateId: string; remaining: number }[]> {
  const rows = await db
    .select({ templateId: subscribeGrantBalances.templateId, remaining: subscribeGrantBalances.balance })
    .from(subscribeGrantBalances)
    .where(and(eq(subscribeGrantBalances.memberId, memberId), inArray(subscribeGrantBalances.templateId, templateIds)));
  return templateIds.map((templateId) => ({ templateId, remaining: rows.find((row) => row.templateId === templateId)?.remaining ?? 0 }));
}

/** GET /api/me/subscriptions: the enabled templates with the caller's remaining grants. */
export async function listMySubscriptions(db: Executor, memberId: number) {
  const rows = await db
    .select({
      key: subscribeTemplates.key,
      templateId: subscribeTemplates.templateId,
      title: subscribeTemplates.title,
      scenes: subscribeTemplates.scenes,
      remaining: sql<number>`coalesce(${subscribeGrantBalances.balance}, 0)`.mapWith(Number),
    })
    .from(subscribeTemplates)
    .leftJoin(subscribeGrantBalances, and(eq(subscribeGrantBalances.templateId, subscribeTemplates.templateId), eq(subscribeGrantBalances.memberId, memberId)))
    .where(eq(subscribeTemplates.enabled, true))
    .orderBy(asc(subscribeTemplates.id));
  return { items: rows };
}

/**
 * Spends one grant for an intent's attempt: the conditional decrement (never below zero, whoever races)
 * and its −1 ledger row in one transaction. False when none is left (or this attempt already spent).
 */
export async function spendGrant(db: Executor, memberId: number, templateId: string, sourceKey: string, now: Date): Promise<boolean> {
  try {
    return await db.transaction(async (tx) => {
      const spent = await tx
        .update(subscribeGrantBalances)
        .set({ balance: sql`${subscribeGrantBalances.balance} - 1`, updatedAt: now })
        .where(
          and(eq(subscribeGrantBalances.memberId, memberId), eq(subscribeGrantBalances.templateId, templateId), sql`${subscribeGrantBalances.balance} > 0`),
        )
        .returning({ balance: subscribeGrantBalances.balance });
      if (spent.length === 0) return false;
      const ledger = await tx
        .insert(subscribeGrants)
        .values({ memberId, templateId, delta: -1, source: 'send', sourceKey, createdAt: now })
        .onConflictDoNothing({ target: subscribeGrants.sourceKey })
        .returning({ id: subscribeGrants.id });
      // This attempt spent already: undo the decrement with the transaction.
      if (ledger.length === 0) throw new AlreadySpent();
      return true;
    });
  } catch (error) {
    if (error instanceof AlreadySpent) return false;
    throw error;
  }
}

class AlreadySpent extends Error {}

/** Gives a spent grant back (the send certainly did not reach WeChat): +1 'refund', once per key. */
export async function refundGrant(db: Executor, memberId: number, templateId: string, sourceKey: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const ledger = await tx
      .insert(subscribeGrants)
      .values({ memberId, templateId, delta: 1, source: 'refund', sourceKey, createdAt: now })
      .onConflictDoNothing({ target: subscribeGrants.sourceKey })
      .returning({ id: subscribeGrants.id });
    if (ledger.length > 0) await addToBalance(tx, memberId, templateId, 1, now);
  });
}

/** WeChat said 43101 (no grant left): our mirror is wrong, set the balance to zero with a ledger row. */
export async function zeroGrants(db: Executor, memberId: number, templateId: string, sourceKey: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ balance: subscribeGrantBalances.balance })
      .from(subscribeGrantBalances)
      .where(and(eq(subscribeGrantBalances.memberId, memberId), eq(subscribeGrantBalances.templateId, templateId)))
      .for('update');
    if (!row || row.balance === 0) return;
    const ledger = await tx
      .insert(subscribeGrants)
      .values({ memberId, templateId, delta: -row.balance, source: 'no_grant', sourceKey, createdAt: now })
      .onConflictDoNothing({ target: subscribeGrants.sourceKey })
      .returning({ id: subscribeGrants.id });
    if (ledger.length > 0) {
      await tx
        .update(subscribeGrantBalances)
        .set({ balance: 0, updatedAt: now })
        .where(and(eq(subscribeGrantBalances.memberId, memberId), eq(subscribeGrantBalances.templateId, templateId)));
    }
  });
}

/** The spend and refund rows of an intent: did any attempt spend a grant that was not given back? */
export async function unrefundedSpend(db: Executor, memberId: number, intentId: number): Promise<boolean> {
  const rows = await db
    .select({ sourceKey: subscribeGrants.sourceKey })
    .from(subscribeGrants)
    .where(
      and(
        eq(subscribeGrants.memberId, memberId),
        sql`(${like(subscribeGrants.sourceKey, `spend:${intentId}:%`)} or ${like(subscribeGrants.sourceKey, `refund:${intentId}:%`)})`,
      ),
    );
  const spends = rows.filter((row) => row.sourceKey.startsWith('spend:')).map((row) => row.sourceKey.slice('spend:'.length));
  const refunds = new Set(rows.filter((row) => row.sourceKey.startsWith('refund:')).map((row) => row.sourceKey.slice('refund:'.length)));
  return spends.some((attempt) => !refunds.has(attempt));
}
