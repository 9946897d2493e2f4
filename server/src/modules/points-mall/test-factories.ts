import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { PointsMallItemView } from '@siyu/shared';
import { auditLog, memberAccounts, pointsEntries, pointsLots, pointsMallItems, pointsMallMemberRedemptions } from '../../db/schema';
import type { TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';

/** Test data for the points mall: `buildItemBody` returns a request body, `createItem` goes through the API. */

const DAY_MS = 24 * 3600 * 1000;

/**
 * Gives the member `points` usable now: one lot (available since yesterday, expiring in a year), its
 * earn entry, and the account's balance raised by as much — the ledger adds up as the points module keeps it.
 */
export async function givePoints(t: TestApp, memberId: number, points: number): Promise<void> {
  const now = t.clock.now();
  const key = `test:${crypto.randomBytes(6).toString('hex')}`;
  await t.deps.db.transaction(async (tx) => {
    const [lot] = await tx
      .insert(pointsLots)
      .values({
        memberId,
        amount: points,
        remaining: points,
        source: 'manual',
        sourceKey: key,
        availableAt: new Date(now.getTime() - DAY_MS),
        expiresAt: new Date(now.getTime() + 365 * DAY_MS),
        createdAt: now,
      })
      .returning({ id: pointsLots.id });
    if (!lot) throw new Error('lot insert returned nothing');
    await tx
      .insert(pointsEntries)
      .values({ memberId, delta: points, kind: 'earn', sourceKey: key, operationKey: key, lotId: lot.id, reason: '测试积分', createdAt: now });
    await tx
      .insert(memberAccounts)
      .values({ memberId, tierSince: now, pointsBalance: points })
      .onConflictDoUpdate({ target: memberAccounts.memberId, set: { pointsBalance: sql`${memberAccounts.pointsBalance} + ${points}` } });
  });
}

/** The member's balance and the sum of their entries (equal whenever the ledger is exact). */
export async function pointsOf(t: TestApp, memberId: number): Promise<{ balance: number; entries: number }> {
  const [account] = await t.deps.db.select({ balance: memberAccounts.pointsBalance }).from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  const [sum] = await t.deps.db
    .select({ total: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)::int` })
    .from(pointsEntries)
    .where(eq(pointsEntries.memberId, memberId));
  return { balance: account?.balance ?? 0, entries: sum?.total ?? 0 };
}

export interface ItemBodyOverrides {
  title?: string;
  kind?: 'coupon' | 'goods';
  couponTemplateId?: number | null;
  skuId?: number | null;
  pointsPrice?: number;
  cashFen?: number;
  stock?: number;
  perMemberLimit?: number;
  minTier?: string | null;
  image?: string | null;
  sortOrder?: number;
  [key: string]: unknown;
}

/** A 100-point item of 10 units, one per member. */
export function buildItemBody(overrides: ItemBodyOverrides = {}): ItemBodyOverrides {
  return { title: `兑换${crypto.randomBytes(3).toString('hex')}`, pointsPrice: 100, stock: 10, ...overrides };
}

export function postItem(t: TestApp, auth: Auth, body: ItemBodyOverrides) {
  return t.request().post('/api/admin/points-mall/items').set(auth).send(body);
}

/** POST /api/admin/points-mall/items, expecting 201. */
export async function createItem(t: TestApp, auth: Auth, overrides: ItemBodyOverrides): Promise<PointsMallItemView> {
  const res = await postItem(t, auth, buildItemBody(overrides));
  if (res.status !== 201) throw new Error(`createItem: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PointsMallItemView;
}

export const newKey = () => `pm-${crypto.randomBytes(8).toString('hex')}`;

export function redeem(t: TestApp, member: TestMember, itemId: number, body: { addressId?: number } = {}, key: string = newKey()) {
  return t.request().post(`/api/points-mall/items/${itemId}/redeem`).set(member.auth).set('Idempotency-Key', key).send(body);
}

export async function itemRow(t: TestApp, id: number) {
  const [row] = await t.deps.db.select().from(pointsMallItems).where(eq(pointsMallItems.id, id));
  if (!row) throw new Error(`no item ${id}`);
  return row;
}

export async function memberCount(t: TestApp, itemId: number, memberId: number): Promise<number> {
  const [row] = await t.deps.db
    .select({ count: pointsMallMemberRedemptions.count })
    .from(pointsMallMemberRedemptions)
    .where(and(eq(pointsMallMemberRedemptions.itemId, itemId), eq(pointsMallMemberRedemptions.memberId, memberId)));
  return row?.count ?? 0;
}

/** Audit rows of an item, oldest first. */
export async function auditOf(t: TestApp, itemId: number) {
  return t.deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'points_mall_item'), eq(auditLog.targetId, String(itemId))))
    .orderBy(auditLog.id);
}
