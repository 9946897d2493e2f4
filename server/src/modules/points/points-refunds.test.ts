import type { PointsLedgerPage, PointsLiabilityView, PointsSummaryView } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder, refundThrough } from '../refunds/test-factories';
import { checkLedger, earnOrderPoints, releaseSpentPoints, reverseOrderPointsForRefund, spendPoints } from './index';
import { grantPoints, inLedgerTx, insertOrder, insertSucceededRefund, markPaid, memberAuthNow, saveSettings, staffAuthNow } from './test-factories';

const DAY_MS = 24 * 3600 * 1000;

describe.each(testDrivers())('points and refunds (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;

  const summary = async (memberId: number): Promise<PointsSummaryView> => {
    const res = await t.request().get('/api/me/points').set(memberAuthNow(t, memberId));
    expect(res.status).toBe(200);
    return res.body as PointsSummaryView;
  };
  const ledger = async (memberId: number): Promise<PointsLedgerPage> =>
    (await t.request().get('/api/me/points/ledger?limit=100').set(memberAuthNow(t, memberId))).body as PointsLedgerPage;
  const mismatchesOf = async (memberIds: number[]) => (await checkLedger(t.deps.db)).mismatches.filter((found) => memberIds.includes(found.memberId));
  const refund = async (orderId: number, amountFen: number) => {
    const refundId = await insertSucceededRefund(t.deps.db, orderId, amountFen, t.clock.now());
    return inLedgerTx(t, (tx) => reverseOrderPointsForRefund(tx, orderId, refundId));
  };

  /** A member with `available` points who pays an order of `payableFen`, spending `spent` points on it. */
  async function paidOrderWithPoints(available: number, payableFen: number, spent: number) {
    const member = await createMemberDirect(t);
    if (available > 0) await grantPoints(t, member.id, available);
    const now = t.clock.now();
    const order = await insertOrder(t.deps.db, { memberId: member.id, payableFen, paidAt: null, now });
    if (spent > 0)
      await inLedgerTx(t, (tx) =>
        spendPoints(tx, { memberId: member.id, points: spent, operationKey: `order:${order.id}:points`, reason: '下单抵扣', orderId: order.id }),
      );
    await markPaid(t.deps.db, order.id, now);
    await inLedgerTx(t, (tx) => earnOrderPoints(tx, order.id));
    return { member, order };
  }

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('reverses earned points and returns spent points by the refunded share, cumulatively', async () => {
    // 1000 available; ¥100 paid with 300 points spent; earns 100 + 200 (first purchase), pending.
    const { member, order } = await paidOrderWithPoints(1000, 10_000, 300);
    expect(await summary(member.id)).toMatchObject({ balance: 1000, available: 700, pending: 300 });

    // A quarter refunded: 25 of the 100 earned come back from the order's own (pending) lot; 75 spent return, usable now.
    expect(await refund(order.id, 2_500)).toEqual({ reversedPoints: 25, uncoveredPoints: 0, deductionFen: 0, returnedPoints: 75 });
    expect(await summary(member.id)).toMatchObject({ balance: 1050, available: 775, pending: 275 });

    // The rest refunded: the whole 100 and the first-purchase bonus are back, all 300 spent are returned.
    expect(await refund(order.id, 7_500)).toEqual({ reversedPoints: 275, uncoveredPoints: 0, deductionFen: 0, returnedPoints: 225 });
    expect(await summary(member.id)).toMatchObject({ balance: 1000, available: 1000, pending: 0 });
    const kinds = (await ledger(member.id)).items.map((item) => [item.kind, item.delta]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['reverse', -25],
        ['earn', 75],
        ['earn', 225],
      ]),
    );
    expect(await mismatchesOf([member.id])).toEqual([]);
  });

  it('adds up exactly over many partial refunds (floor of the cumulative share)', async () => {
    const { member, order } = await paidOrderWithPoints(999, 9_999, 333);
    let reversed = 0;
    let returned = 0;
    for (const amount of [1, 3_332, 3_333, 1, 3_332]) {
      const result = await refund(order.id, amount);
      reversed += result.reversedPoints;
      returned += result.returnedPoints;
    }
    expect({ reversed, returned }).toEqual({ reversed: 99 + 200, returned: 333 });
    expect(await mismatchesOf([member.id])).toEqual([]);
  });

  it('answers the same on a replay and books nothing twice', async () => {
    const { member, order } = await paidOrderWithPoints(500, 20_000, 100);
    const refundId = await insertSucceededRefund(t.deps.db, order.id, 10_000, t.clock.now());
    const first = await inLedgerTx(t, (tx) => reverseOrderPointsForRefund(tx, order.id, refundId));
    const balance = (await summary(member.id)).balance;
    expect(await inLedgerTx(t, (tx) => reverseOrderPointsForRefund(tx, order.id, refundId))).toEqual(first);
    expect((await summary(member.id)).balance).toBe(balance);
  });

  it('records a deduction of the value when the earned points were already spent (no negative balances)', async () => {
    const { member, order } = await paidOrderWithPoints(0, 50_000, 0);
    t.clock.advance(7 * DAY_MS + 60_000);
    await inLedgerTx(t, (tx) => spendPoints(tx, { memberId: member.id, points: 650, operationKey: `test:spend:${member.id}`, reason: '兑换' }));
    // 500 + 200 earned, 650 spent: 50 can be taken back, 650 cannot — worth ¥6.50 at 100 points = ¥1.
    expect(await refund(order.id, 50_000)).toEqual({ reversedPoints: 50, uncoveredPoints: 650, deductionFen: 650, returnedPoints: 0 });
    expect(await summary(member.id)).toMatchObject({ balance: 0 });
    const [deduction] = (await ledger(member.id)).items.filter((item) => item.kind === 'deduction');
    expect(deduction).toMatchObject({ delta: 0, orderId: order.id });
    expect(deduction?.reason).toContain('650 积分');
    expect(deduction?.reason).toContain('650 分');
    expect(await mismatchesOf([member.id])).toEqual([]);
  });

  it('lets the balance go negative when the store allows it, and later earnings pay the debt first', async () => {
    const liability = async () => (await t.request().get('/api/admin/reports/points-liability').set(staffAuthNow(t, owner))).body as PointsLiabilityView;
    await saveSettings(t.deps.db, { allowNegativeBalance: true });
    try {
      const { member, order } = await paidOrderWithPoints(0, 50_000, 0);
      t.clock.advance(7 * DAY_MS + 60_000);
      await inLedgerTx(t, (tx) => spendPoints(tx, { memberId: member.id, points: 700, operationKey: `test:spend:${member.id}`, reason: '兑换' }));
      const before = await liability();
      expect(await refund(order.id, 50_000)).toEqual({ reversedPoints: 700, uncoveredPoints: 0, deductionFen: 0, returnedPoints: 0 });
      expect(await summary(member.id)).toMatchObject({ balance: -700, available: 0 });
      const after = await liability();
      expect(after.negativeBalances.members - before.negativeBalances.members).toBe(1);
      expect(after.negativeBalances.points - before.negativeBalances.points).toBe(700);

      await grantPoints(t, member.id, 500);
      expect(await summary(member.id)).toMatchObject({ balance: -200, available: 0 });
      await grantPoints(t, member.id, 300);
      expect(await summary(member.id)).toMatchObject({ balance: 100, available: 100 });
      expect(await mismatchesOf([member.id])).toEqual([]);
    } finally {
      await saveSettings(t.deps.db, {});
    }
  });

  it('puts the points of a closed unpaid order back into the lots they came from, once', async () => {
    const member = await createMemberDirect(t);
    await grantPoints(t, member.id, 100, { expiresInMs: 30 * DAY_MS });
    await grantPoints(t, member.id, 100, { expiresInMs: 300 * DAY_MS });
    const order = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 10_000, paidAt: null, now: t.clock.now() });
    const operationKey = `order:${order.id}:points`;
    await inLedgerTx(t, (tx) => spendPoints(tx, { memberId: member.id, points: 150, operationKey, reason: '下单抵扣', orderId: order.id }));
    // A second spend with the same key (a retried checkout) takes nothing more.
    await inLedgerTx(t, (tx) => spendPoints(tx, { memberId: member.id, points: 150, operationKey, reason: '下单抵扣', orderId: order.id }));
    expect(await summary(member.id)).toMatchObject({ balance: 50, available: 50 });
    expect(await inLedgerTx(t, (tx) => releaseSpentPoints(tx, operationKey, '订单关闭退回'))).toBe(150);
    expect(await inLedgerTx(t, (tx) => releaseSpentPoints(tx, operationKey, '订单关闭退回'))).toBe(0);
    expect(await summary(member.id)).toMatchObject({ balance: 200, available: 200, expiringSoon: 100 });
    expect(await mismatchesOf([member.id])).toEqual([]);
  });

  it('a released lot already past its expiry loses the points at once', async () => {
    const member = await createMemberDirect(t);
    await grantPoints(t, member.id, 100, { expiresInMs: DAY_MS });
    const operationKey = `test:mall:${member.id}`;
    await inLedgerTx(t, (tx) => spendPoints(tx, { memberId: member.id, points: 60, operationKey, reason: '兑换' }));
    t.clock.advance(2 * DAY_MS);
    expect(await inLedgerTx(t, (tx) => releaseSpentPoints(tx, operationKey, '兑换取消'))).toBe(0);
    expect((await ledger(member.id)).items.slice(0, 2).map((item) => [item.kind, item.delta])).toEqual([
      ['expire', -60],
      ['release', 60],
    ]);
    expect(await summary(member.id)).toMatchObject({ balance: 40, available: 0 });
    expect(await mismatchesOf([member.id])).toEqual([]);
  });

  it('takes the earned points back through the real refund flow (request → approve → WeChat)', async () => {
    const member = await createMemberDirect(t);
    const paid = await createPaidOrder(t, staffAuthNow(t, owner), [{ priceFen: 6_000, quantity: 2 }], member);
    const earned = (await summary(member.id)).balance;
    expect(earned).toBe(Math.floor(paid.order.payableFen / 100) + 200);
    await refundThrough(t, staffAuthNow(t, owner), { ...paid, member: { ...member, auth: memberAuthNow(t, member.id) } }, [{ lineNo: 1, quantity: 1 }]);
    const reversed = (await ledger(member.id)).items.filter((item) => item.kind === 'reverse').reduce((sum, item) => sum - item.delta, 0);
    expect(reversed).toBe(Math.floor((Math.floor(paid.order.payableFen / 100) * 6_000) / paid.order.payableFen));
    expect((await summary(member.id)).balance).toBe(earned - reversed);
    expect(await mismatchesOf([member.id])).toEqual([]);
  });
});
