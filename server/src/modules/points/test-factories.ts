/** Test data for the points ledger, written straight to the database (service and property tests). */
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { DEFAULT_MEMBERSHIP_SETTINGS, type MembershipSettings } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { members, membershipSettings, orders, refunds } from '../../db/schema';
import { MEMBER_ACCESS_TTL_SECONDS, STAFF_ACCESS_TTL_SECONDS, signAccessToken } from '../../lib/tokens';
import type { TestStaff } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import { earnPoints } from './earn';

/** A service context on `db` at `now` (jobs and flows take the same). */
export function serviceAt(db: Executor, now: Date, staffId?: number): ServiceContext {
  return {
    db,
    now,
    requestId: `test-${crypto.randomUUID()}`,
    ip: null,
    ...(staffId === undefined ? {} : { staff: { id: staffId, role: 'owner', username: 'test' } }),
  };
}

/** `count` members inserted directly; returns their ids. */
export async function insertMembers(db: Executor, count: number, tierCode = 'bronze'): Promise<number[]> {
  const rows = await db
    .insert(members)
    .values(Array.from({ length: count }, () => ({ openid: `opts${crypto.randomBytes(10).toString('hex')}`, tierCode })))
    .returning({ id: members.id });
  return rows.map((row) => row.id);
}

/** An order of `payableFen` (no lines: the ledger reads only the header), paid at `paidAt` unless null. */
export async function insertOrder(
  db: Executor,
  input: { memberId: number; payableFen: number; paidAt: Date | null; now: Date },
): Promise<{ id: number; orderNo: string }> {
  const orderNo = `T${crypto.randomBytes(10).toString('hex').toUpperCase()}`;
  const [row] = await db
    .insert(orders)
    .values({
      orderNo,
      memberId: input.memberId,
      status: input.paidAt ? 'paid' : 'pending_payment',
      goodsSubtotalFen: input.payableFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen: input.payableFen,
      address: {},
      idempotencyKey: orderNo,
      requestHash: orderNo,
      paymentExpiresAt: new Date(input.now.getTime() + 15 * 60 * 1000),
      paidAt: input.paidAt,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning({ id: orders.id });
  if (!row) throw new Error('order insert returned nothing');
  return { id: row.id, orderNo };
}

/** Marks an unpaid order paid at `paidAt`. */
export async function markPaid(db: Executor, orderId: number, paidAt: Date): Promise<void> {
  await db.update(orders).set({ status: 'paid', paidAt, updatedAt: paidAt }).where(eq(orders.id, orderId));
}

/** A succeeded refund of `amountFen` on the order (its refunded total moves with it); returns its id. */
export async function insertSucceededRefund(db: Executor, orderId: number, amountFen: number, now: Date): Promise<number> {
  const [row] = await db
    .insert(refunds)
    .values({
      orderId,
      outRefundNo: `R${crypto.randomBytes(10).toString('hex')}`,
      status: 'succeeded',
      lines: [],
      amountFen,
      reason: 'test',
      orderStatusBefore: 'paid',
      completedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: refunds.id });
  if (!row) throw new Error('refund insert returned nothing');
  await db
    .update(orders)
    .set({ refundedFen: sql`${orders.refundedFen} + ${amountFen}` })
    .where(eq(orders.id, orderId));
  return row.id;
}

/** Saves membership settings (the defaults with `overrides`). */
export async function saveSettings(db: Executor, overrides: Partial<MembershipSettings>): Promise<void> {
  const settings = { ...DEFAULT_MEMBERSHIP_SETTINGS, ...overrides };
  await db.insert(membershipSettings).values({ id: 1, settings }).onConflictDoUpdate({ target: membershipSettings.id, set: { settings } });
}

/** A member token signed at the app clock's now (tokens live 15 minutes; tests move the clock by days). */
export function memberAuthNow(t: TestApp, memberId: number): { Authorization: string } {
  return { Authorization: `Bearer ${signAccessToken(t.deps.config.jwtSecret, 'siyu:member', memberId, MEMBER_ACCESS_TTL_SECONDS, t.clock.now())}` };
}

/** A staff token signed at the app clock's now. */
export function staffAuthNow(t: TestApp, staff: TestStaff): { Authorization: string } {
  const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:staff', staff.id, STAFF_ACCESS_TTL_SECONDS, t.clock.now(), { ver: 0, role: staff.role });
  return { Authorization: `Bearer ${token}` };
}

/** Runs service calls in one transaction at the app clock's now. */
export function inLedgerTx<T>(t: TestApp, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return t.deps.db.transaction((tx) => work(serviceAt(tx, t.clock.now())));
}

/** Credits `amount` points to the member now (usable from `availableInMs`, expiring after `expiresInMs` when given). */
export async function grantPoints(
  t: TestApp,
  memberId: number,
  amount: number,
  options: { availableInMs?: number; expiresInMs?: number } = {},
): Promise<string> {
  const sourceKey = `test:${crypto.randomUUID()}`;
  const now = t.clock.now().getTime();
  await inLedgerTx(t, (tx) =>
    earnPoints(tx, {
      memberId,
      amount,
      source: 'manual',
      sourceKey,
      reason: '测试发放',
      ...(options.availableInMs === undefined ? {} : { availableAt: new Date(now + options.availableInMs) }),
      ...(options.expiresInMs === undefined ? {} : { expiresAt: new Date(now + options.expiresInMs) }),
    }),
  );
  return sourceKey;
}

/** Moves the app clock forward to the next 12:00 China time (so a test's day cannot roll over midway). */
export function advanceToChinaNoon(t: TestApp): void {
  const chinaMs = t.clock.now().getTime() + 8 * 3600 * 1000;
  const dayMs = 24 * 3600 * 1000;
  const noon = Math.floor(chinaMs / dayMs) * dayMs + dayMs / 2;
  t.clock.advance((noon > chinaMs ? noon : noon + dayMs) - chinaMs);
}
