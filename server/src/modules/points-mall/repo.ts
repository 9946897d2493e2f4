import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pointsMallItems, pointsMallMemberRedemptions, pointsMallRedemptions } from '../../db/schema';
import type { ItemRow, RedemptionRow } from './views';

export async function findItem(db: Executor, id: number): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(pointsMallItems).where(eq(pointsMallItems.id, id));
  return row;
}

/** The item row, locked until the transaction ends: every redemption and edit of one item takes it first. */
export async function lockItem(db: Executor, id: number): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(pointsMallItems).where(eq(pointsMallItems.id, id)).for('update');
  return row;
}

/** redeemed_count + 1 while it stays within stock (the SQL guarantee behind "exactly `stock` redemptions"). */
export async function takeItemUnit(db: Executor, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(pointsMallItems)
    .set({ redeemedCount: sql`${pointsMallItems.redeemedCount} + 1`, updatedAt: now })
    .where(and(eq(pointsMallItems.id, id), sql`${pointsMallItems.redeemedCount} < ${pointsMallItems.stock}`))
    .returning({ id: pointsMallItems.id });
  return rows.length > 0;
}

export async function releaseItemUnit(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .update(pointsMallItems)
    .set({ redeemedCount: sql`greatest(${pointsMallItems.redeemedCount} - 1, 0)`, updatedAt: now })
    .where(eq(pointsMallItems.id, id));
}

/** The member's count of the item + 1 unless already at `limit` (one conditional upsert); false at the limit. */
export async function takeMemberUnit(db: Executor, itemId: number, memberId: number, limit: number): Promise<boolean> {
  const rows = await db
    .insert(pointsMallMemberRedemptions)
    .values({ itemId, memberId, count: 1 })
    .onConflictDoUpdate({
      target: [pointsMallMemberRedemptions.itemId, pointsMallMemberRedemptions.memberId],
      set: { count: sql`${pointsMallMemberRedemptions.count} + 1` },
      setWhere: sql`${pointsMallMemberRedemptions.count} < ${limit}`,
    })
    .returning({ count: pointsMallMemberRedemptions.count });
  return rows.length > 0;
}

export async function releaseMemberUnit(db: Executor, itemId: number, memberId: number): Promise<void> {
  await db
    .update(pointsMallMemberRedemptions)
    .set({ count: sql`greatest(${pointsMallMemberRedemptions.count} - 1, 0)` })
    .where(and(eq(pointsMallMemberRedemptions.itemId, itemId), eq(pointsMallMemberRedemptions.memberId, memberId)));
}

/** How many of each item the member holds (cancelled redemptions already given back). */
export async function memberCounts(db: Executor, memberId: number, itemIds: number[]): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(pointsMallMemberRedemptions)
    .where(and(eq(pointsMallMemberRedemptions.memberId, memberId), inArray(pointsMallMemberRedemptions.itemId, itemIds)));
  return new Map(rows.map((row) => [row.itemId, row.count]));
}

export async function findRedemptionByKey(db: Executor, memberId: number, key: string): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .select()
    .from(pointsMallRedemptions)
    .where(and(eq(pointsMallRedemptions.memberId, memberId), eq(pointsMallRedemptions.idempotencyKey, key)));
  return row;
}

export type NewRedemption = Pick<RedemptionRow, 'itemId' | 'memberId' | 'points' | 'cashFen' | 'status' | 'idempotencyKey'>;

/** Claims the member's idempotency key; undefined when another request already holds it. */
export async function claimRedemption(db: Executor, values: NewRedemption, now: Date): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .insert(pointsMallRedemptions)
    .values({ ...values, createdAt: now })
    .onConflictDoNothing({ target: [pointsMallRedemptions.memberId, pointsMallRedemptions.idempotencyKey] })
    .returning();
  return row;
}
