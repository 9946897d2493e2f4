/** Test helpers for membership: service contexts on the test clock, completed orders, fresh tokens. */
import { and, eq } from 'drizzle-orm';
import { inTransaction, type ServiceContext } from '../../context';
import { growthEntries, memberAccounts, members, orders, staff } from '../../db/schema';
import { MEMBER_ACCESS_TTL_SECONDS, STAFF_ACCESS_TTL_SECONDS, signAccessToken } from '../../lib/tokens';
import type { TestStaff } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import { creditOrderGrowth, reverseRefundGrowth } from './growth';

export const DAY_MS = 24 * 3600 * 1000;

/** A service context on the app's database at the test clock's now. */
export function testContext(t: TestApp): ServiceContext {
  return { db: t.deps.db, requestId: 'test', now: t.clock.now(), ip: null };
}

/** Marks an order completed directly (as confirming receipt would). */
export async function markCompleted(t: TestApp, orderId: number): Promise<void> {
  const now = t.clock.now();
  await t.deps.db.update(orders).set({ status: 'completed', shippedAt: now, completedAt: now, updatedAt: now }).where(eq(orders.id, orderId));
}

export function credit(t: TestApp, orderId: number): Promise<number> {
  return inTransaction(testContext(t), (tx) => creditOrderGrowth(tx, orderId));
}

export function reverse(t: TestApp, orderId: number, refundId: number): Promise<number> {
  return inTransaction(testContext(t), (tx) => reverseRefundGrowth(tx, orderId, refundId));
}

/** A member token valid at the (moved) test clock. */
export function memberAuth(t: TestApp, memberId: number): { Authorization: string } {
  return { Authorization: `Bearer ${signAccessToken(t.deps.config.jwtSecret, 'siyu:member', memberId, MEMBER_ACCESS_TTL_SECONDS, t.clock.now())}` };
}

/** A staff token valid at the (moved) test clock. */
export async function staffAuth(t: TestApp, account: TestStaff): Promise<{ Authorization: string }> {
  const [row] = await t.deps.db.select({ tokenVersion: staff.tokenVersion }).from(staff).where(eq(staff.id, account.id));
  const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:staff', account.id, STAFF_ACCESS_TTL_SECONDS, t.clock.now(), {
    ver: row?.tokenVersion ?? 0,
    role: account.role,
  });
  return { Authorization: `Bearer ${token}` };
}

export async function tierOfMember(t: TestApp, memberId: number): Promise<string | undefined> {
  const [row] = await t.deps.db.select({ tierCode: members.tierCode }).from(members).where(eq(members.id, memberId));
  return row?.tierCode;
}

export async function accountOf(t: TestApp, memberId: number) {
  const [row] = await t.deps.db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  return row;
}

export async function orderEntries(t: TestApp, memberId: number, orderId: number) {
  return t.deps.db
    .select()
    .from(growthEntries)
    .where(and(eq(growthEntries.memberId, memberId), eq(growthEntries.orderId, orderId)))
    .orderBy(growthEntries.id);
}
