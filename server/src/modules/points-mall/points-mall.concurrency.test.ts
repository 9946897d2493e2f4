import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import { memberAccounts, memberCoupons, pointsEntries, pointsMallRedemptions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStoreSku, createTemplate } from '../coupons/test-factories';
import { createAddress, createSellableSku } from '../orders/test-factories';
import { redeemItem } from './redeem';
import { createItem, givePoints, itemRow, memberCount, newKey, pointsOf, redeem } from './test-factories';

/**
 * Only a PostgreSQL server runs transactions in parallel. The 500-member race calls the redemption
 * service directly (500 HTTP requests would mostly measure supertest); the one-member race goes through HTTP.
 */
describe.each(concurrencyDrivers())('points mall under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let templateId: number;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    templateId = (await createTemplate(t, owner.auth, { totalCount: null, perMemberCap: 100 })).id;
  });
  afterAll(() => t.close());

  const contextFor = (memberId: number): ServiceContext => ({ db: t.deps.db, requestId: crypto.randomUUID(), now: t.clock.now(), ip: '127.0.0.1', memberId });

  function tally(outcomes: PromiseSettledResult<unknown>[]): { ok: number; refusals: Map<string, number> } {
    const refusals = new Map<string, number>();
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      const code = outcome.reason instanceof AppError ? outcome.reason.code : String(outcome.reason);
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    }
    return { ok: outcomes.filter((outcome) => outcome.status === 'fulfilled').length, refusals };
  }

  /** No member's balance differs from the sum of their entries. */
  async function ledgerMismatches(): Promise<number> {
    const rows = await t.deps.db
      .select({ memberId: memberAccounts.memberId })
      .from(memberAccounts)
      .where(
        sql`${memberAccounts.pointsBalance} <> (select coalesce(sum(${pointsEntries.delta}), 0) from ${pointsEntries} where ${pointsEntries.memberId} = ${memberAccounts.memberId})`,
      );
    return rows.length;
  }

  it('gives exactly 50 of a 50-unit coupon item to 500 members redeeming at once', async () => {
    const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, stock: 50, pointsPrice: 100 });
    const members: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const member = await createMemberDirect(t);
      await givePoints(t, member.id, 150);
      members.push(member.id);
    }
    const outcomes = await Promise.allSettled(
      members.map((memberId) => redeemItem(contextFor(memberId), { memberId, itemId: item.id, idempotencyKey: newKey(), body: {}, paymentWindowMinutes: 30 })),
    );
    const { ok, refusals } = tally(outcomes);
    expect(ok).toBe(50);
    expect([...refusals.entries()]).toEqual([['POINTS_MALL_SOLD_OUT', 450]]);
    expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 50 });
    expect(await t.deps.db.$count(pointsMallRedemptions, eq(pointsMallRedemptions.itemId, item.id))).toBe(50);
    expect(await t.deps.db.$count(memberCoupons, eq(memberCoupons.templateId, templateId))).toBe(50);
    const balances = await Promise.all(members.map((memberId) => pointsOf(t, memberId)));
    expect(balances.filter((points) => points.balance === 50)).toHaveLength(50);
    expect(balances.filter((points) => points.balance === 150)).toHaveLength(450);
    expect(await ledgerMismatches()).toBe(0);
  }, 300_000);

  it('lets one member firing 20 redemptions at once through HTTP get exactly the limit of 3', async () => {
    const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, stock: 100, perMemberLimit: 3, pointsPrice: 100 });
    const member = await createMemberDirect(t);
    await givePoints(t, member.id, 10_000);
    const responses = await Promise.all(Array.from({ length: 20 }, () => redeem(t, member, item.id)));
    expect(responses.filter((res) => res.status === 201)).toHaveLength(3);
    const refused = responses.filter((res) => res.status !== 201);
    expect(refused.every((res) => res.status === 409 && res.body.error.code === 'POINTS_MALL_LIMIT_REACHED')).toBe(true);
    expect(await memberCount(t, item.id, member.id)).toBe(3);
    expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 3 });
    expect(await pointsOf(t, member.id)).toEqual({ balance: 9700, entries: 9700 });
  }, 120_000);

  it('never overdraws one member redeeming 20 goods at once with points for 4', async () => {
    const sku = await createSellableSku(t, owner.auth, { stock: 50 });
    const item = await createItem(t, owner.auth, { kind: 'goods', skuId: sku.id, stock: 50, perMemberLimit: 20, pointsPrice: 250 });
    const member = await createMemberDirect(t);
    await givePoints(t, member.id, 1000);
    const addressId = await createAddress(t, member);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        redeemItem(contextFor(member.id), { memberId: member.id, itemId: item.id, idempotencyKey: newKey(), body: { addressId }, paymentWindowMinutes: 30 }),
      ),
    );
    const { ok, refusals } = tally(outcomes);
    expect(ok).toBe(4);
    expect([...refusals.entries()]).toEqual([['POINTS_INSUFFICIENT', 16]]);
    expect(await itemRow(t, item.id)).toMatchObject({ redeemedCount: 4 });
    expect(await memberCount(t, item.id, member.id)).toBe(4);
    expect(await pointsOf(t, member.id)).toEqual({ balance: 0, entries: 0 });
    expect(await ledgerMismatches()).toBe(0);
  }, 120_000);
});
