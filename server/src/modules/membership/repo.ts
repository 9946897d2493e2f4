/** Membership rows: member accounts, the growth ledger, tier history and notices. */
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { growthEntries, memberAccounts, memberNotices, members, memberTierHistory } from '../../db/schema';
import { appendEvent } from '../events/outbox';

export type AccountRow = typeof memberAccounts.$inferSelect;
export type GrowthEntryRow = typeof growthEntries.$inferSelect;
export type TierHistoryRow = typeof memberTierHistory.$inferSelect;

/** The member's account row, locked until the transaction ends (serialises a member's tier and points changes). */
export async function lockAccount(db: Executor, memberId: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId)).for('update');
  return row;
}

export async function findAccount(db: Executor, memberId: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  return row;
}

export async function findMember(db: Executor, memberId: number): Promise<{ id: number; tierCode: string; createdAt: Date } | undefined> {
  const [row] = await db.select({ id: members.id, tierCode: members.tierCode, createdAt: members.createdAt }).from(members).where(eq(members.id, memberId));
  return row;
}

/**
 * The moment an entry counts from for retention: a refund's reversal counts when its order's growth
 * was credited, so an old order refunded today does not eat into this window's growth.
 */
const countedAt = sql`coalesce((select c.created_at from growth_entries c where ${growthEntries.source} = 'refund' and c.source_key = 'order:' || ${growthEntries.orderId} || ':growth'), ${growthEntries.createdAt})`;

/** Σ growth of a member, all of it or counted from `since`. */
export async function sumGrowth(db: Executor, memberId: number, since: Date | null): Promise<number> {
  const conditions: SQL[] = [eq(growthEntries.memberId, memberId)];
  if (since) conditions.push(sql`${countedAt} >= ${since.toISOString()}::timestamptz`);
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${growthEntries.delta}), 0)` })
    .from(growthEntries)
    .where(and(...conditions));
  return Number(row?.total ?? 0);
}

/** Σ of an order's reversal entries (negative or 0). */
export async function sumOrderReversals(db: Executor, memberId: number, orderId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${growthEntries.delta}), 0)` })
    .from(growthEntries)
    .where(and(eq(growthEntries.memberId, memberId), eq(growthEntries.orderId, orderId), eq(growthEntries.source, 'refund')));
  return Number(row?.total ?? 0);
}

export async function findEntryByKey(db: Executor, sourceKey: string): Promise<GrowthEntryRow | undefined> {
  const [row] = await db.select().from(growthEntries).where(eq(growthEntries.sourceKey, sourceKey));
  return row;
}

export type NewGrowthEntry = Omit<typeof growthEntries.$inferInsert, 'id' | 'createdAt'> & { createdAt: Date };

/** Appends an entry unless its source key is booked already; the entry, or null. */
export async function insertGrowthEntry(db: Executor, entry: NewGrowthEntry): Promise<GrowthEntryRow | null> {
  const [row] = await db.insert(growthEntries).values(entry).onConflictDoNothing({ target: growthEntries.sourceKey }).returning();
  return row ?? null;
}

/** The member's growth entries, newest first, from before entry `beforeId`. */
export async function listGrowthEntries(db: Executor, memberId: number, limit: number, beforeId: number | null): Promise<GrowthEntryRow[]> {
  const conditions: SQL[] = [eq(growthEntries.memberId, memberId)];
  if (beforeId !== null) conditions.push(lt(growthEntries.id, beforeId));
  return db
    .select()
    .from(growthEntries)
    .where(and(...conditions))
    .orderBy(desc(growthEntries.id))
    .limit(limit);
}

export async function listTierHistory(db: Executor, memberId: number): Promise<TierHistoryRow[]> {
  return db.select().from(memberTierHistory).where(eq(memberTierHistory.memberId, memberId)).orderBy(desc(memberTierHistory.id));
}

/** Moves the member to `toTier`: the member row, the account (new tier start, no pending downgrade) and history. */
export async function changeTier(
  db: Executor,
  change: { memberId: number; fromTier: TierCode; toTier: TierCode; reason: string; growthValue: number; now: Date },
): Promise<void> {
  await db.update(members).set({ tierCode: change.toTier }).where(eq(members.id, change.memberId));
  await db
    .update(memberAccounts)
    .set({ tierSince: change.now, downgradeTo: null, downgradeAt: null, downgradeWarnedAt: null, updatedAt: change.now })
    .where(eq(memberAccounts.memberId, change.memberId));
  await db.insert(memberTierHistory).values({
    memberId: change.memberId,
    fromTier: change.fromTier,
    toTier: change.toTier,
    reason: change.reason,
    growthValue: change.growthValue,
    createdAt: change.now,
  });
  await appendEvent(db, {
    type: 'member.tier_changed',
    occurredAt: change.now,
    memberId: change.memberId,
    payload: { fromTier: change.fromTier, toTier: change.toTier, reason: change.reason },
  });
}

export async function setPendingDowngrade(
  db: Executor,
  memberId: number,
  pending: { toTier: TierCode; at: Date; warnedAt: Date | null } | null,
  now: Date,
): Promise<void> {
  await db
    .update(memberAccounts)
    .set({ downgradeTo: pending?.toTier ?? null, downgradeAt: pending?.at ?? null, downgradeWarnedAt: pending?.warnedAt ?? null, updatedAt: now })
    .where(eq(memberAccounts.memberId, memberId));
}

/** Records a notice for journeys once per `sourceKey`. */
export async function recordNotice(db: Executor, notice: { memberId: number; kind: string; data: unknown; sourceKey: string; now: Date }): Promise<void> {
  await db
    .insert(memberNotices)
    .values({ memberId: notice.memberId, kind: notice.kind, data: notice.data, sourceKey: notice.sourceKey, createdAt: notice.now })
    .onConflictDoNothing({ target: memberNotices.sourceKey });
}

/** Members a retention run looks at: above bronze, or with a pending downgrade; ids after `afterId`. */
export async function findRetentionCandidates(db: Executor, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .leftJoin(memberAccounts, eq(memberAccounts.memberId, members.id))
    .where(and(sql`${members.id} > ${afterId}`, sql`(${members.tierCode} <> 'bronze' or ${memberAccounts.downgradeTo} is not null)`))
    .orderBy(members.id)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Member ids after `afterId`, in id order (re-evaluation batches). */
export async function findMemberIdsAfter(db: Executor, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(sql`${members.id} > ${afterId}`)
    .orderBy(members.id)
    .limit(limit);
  return rows.map((row) => row.id);
}
