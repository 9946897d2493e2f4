import { eq } from 'drizzle-orm';
import { growthEntries, memberTierHistory, orders, refunds } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder } from '../refunds/test-factories';
import { credit, markCompleted, orderEntries, reverse } from './test-factories';

describe.each(concurrencyDrivers())('growth under contention on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('20 parallel credits of one order: exactly one entry, one upgrade', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 60000, quantity: 1 }]);
    await markCompleted(t, paid.order.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => credit(t, paid.order.id)));
    expect(results.filter((growth) => growth > 0)).toEqual([600]);
    expect(results.filter((growth) => growth === 0)).toHaveLength(19);
    expect(await t.deps.db.$count(growthEntries, eq(growthEntries.memberId, paid.member.id))).toBe(1);
    expect(await t.deps.db.$count(memberTierHistory, eq(memberTierHistory.memberId, paid.member.id))).toBe(1);
  }, 60_000);

  it('20 parallel reversals of one refund: exactly one reversal entry', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 3333, quantity: 3 }]);
    await markCompleted(t, paid.order.id);
    expect(await credit(t, paid.order.id)).toBe(99);
    // A refund of 2 units settled directly (the refund flow would already have booked its reversal).
    const [refund] = await t.deps.db
      .insert(refunds)
      .values({
        orderId: paid.order.id,
        outRefundNo: `R${paid.order.id}x`,
        status: 'succeeded',
        lines: [{ lineNo: 1, quantity: 2, amountFen: 6666 }],
        amountFen: 6666,
        reason: '测试',
        orderStatusBefore: 'completed',
      })
      .returning();
    await t.deps.db.update(orders).set({ refundedFen: 6666, status: 'partially_refunded' }).where(eq(orders.id, paid.order.id));
    const results = await Promise.all(Array.from({ length: 20 }, () => reverse(t, paid.order.id, refund?.id ?? 0)));
    expect(results.filter((growth) => growth > 0)).toEqual([66]); // floor(99 × 6666 / 9999)
    expect((await orderEntries(t, paid.member.id, paid.order.id)).map((entry) => entry.delta)).toEqual([99, -66]);
  }, 60_000);

  it('10 parallel deductions of 20 from 100: exactly 5 succeed, the total never goes below 0', async () => {
    const member = await createMemberDirect(t);
    const url = `/api/admin/members/${member.id}/growth-adjustments`;
    expect((await t.request().post(url).set(owner.auth).send({ delta: 100, reason: '补录' })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 10 }, () => t.request().post(url).set(owner.auth).send({ delta: -20, reason: '扣除' })));
    expect(results.filter((res) => res.status === 201)).toHaveLength(5);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.error.code === 'GROWTH_WOULD_GO_NEGATIVE')).toBe(true);
    const entries = await t.deps.db.select().from(growthEntries).where(eq(growthEntries.memberId, member.id));
    expect(entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(0);
  }, 60_000);
});
