import { and, eq } from 'drizzle-orm';
import type { AdminMemberPointsView, PointsEntryView, PointsLedgerPage, PointsLiabilityView, PointsSummaryView } from '@siyu/shared';
import { auditLog, memberNotices, pointsLots } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder } from '../refunds/test-factories';
import { checkLedger, earnOrderPoints, expirePoints } from './index';
import { grantPoints, inLedgerTx, insertOrder, memberAuthNow, serviceAt, staffAuthNow } from './test-factories';

const DAY_MS = 24 * 3600 * 1000;

describe.each(testDrivers())('points ledger over HTTP (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  let analyst: TestStaff;

  const summary = async (memberId: number): Promise<PointsSummaryView> => {
    const res = await t.request().get('/api/me/points').set(memberAuthNow(t, memberId));
    expect(res.status).toBe(200);
    return res.body as PointsSummaryView;
  };
  const adjust = (memberId: number, delta: number, reason = '客服补偿', staff: TestStaff = owner) =>
    t.request().post(`/api/admin/members/${memberId}/points-adjustments`).set(staffAuthNow(t, staff)).send({ delta, reason });
  const adminView = async (memberId: number): Promise<AdminMemberPointsView> => {
    const res = await t.request().get(`/api/admin/members/${memberId}/points`).set(staffAuthNow(t, analyst));
    expect(res.status).toBe(200);
    return res.body as AdminMemberPointsView;
  };
  const ledger = async (memberId: number, query = ''): Promise<PointsLedgerPage> => {
    const res = await t.request().get(`/api/me/points/ledger${query}`).set(memberAuthNow(t, memberId));
    expect(res.status).toBe(200);
    return res.body as PointsLedgerPage;
  };
  const liability = async (): Promise<PointsLiabilityView> => {
    const res = await t.request().get('/api/admin/reports/points-liability').set(staffAuthNow(t, analyst));
    expect(res.status).toBe(200);
    return res.body as PointsLiabilityView;
  };
  const memberMismatches = async (memberIds: number[]) => (await checkLedger(t.deps.db)).mismatches.filter((found) => memberIds.includes(found.memberId));

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(() => t.close());

  describe('earning on payment', () => {
    it('credits a paid order as pending points, not spendable until the pending window has passed', async () => {
      const member = await createMemberDirect(t);
      const paid = await createPaidOrder(t, staffAuthNow(t, owner), [{ priceFen: 12_345, quantity: 1 }], member);
      // The payment flow credits the points; a second call (a replayed notification) credits nothing.
      expect(await inLedgerTx(t, (tx) => earnOrderPoints(tx, paid.order.id))).toBe(0);
      const earned = Math.floor(paid.order.payableFen / 100) + 200; // bronze ×1, plus the first-purchase bonus
      expect(await summary(member.id)).toMatchObject({ balance: earned, available: 0, pending: earned });
      const refused = await adjust(member.id, -1);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'POINTS_INSUFFICIENT', details: { available: 0 } });

      t.clock.advance(7 * DAY_MS - 60_000);
      expect(await summary(member.id)).toMatchObject({ available: 0, pending: earned });
      t.clock.advance(2 * 60_000);
      expect(await summary(member.id)).toMatchObject({ balance: earned, available: earned, pending: 0 });
      const spent = await adjust(member.id, -earned);
      expect(spent.status).toBe(201);
      expect(spent.body).toMatchObject({ balance: 0, available: 0 });
      expect(await memberMismatches([member.id])).toEqual([]);
    });

    it('multiplies by the tier and gives the first-purchase bonus once', async () => {
      const member = await createMemberDirect(t, 'gold');
      const now = t.clock.now();
      const first = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 9_999, paidAt: now, now });
      const second = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 100_00, paidAt: new Date(now.getTime() + 1000), now });
      // 99 whole yuan × 1.5 = 148.5 → 148, plus 200 for the first purchase; the second order earns 100 × 1.5.
      expect(await inLedgerTx(t, (tx) => earnOrderPoints(tx, first.id))).toBe(348);
      expect(await inLedgerTx(t, (tx) => earnOrderPoints(tx, second.id))).toBe(150);
      expect(await inLedgerTx(t, (tx) => earnOrderPoints(tx, second.id))).toBe(0);
      expect(await summary(member.id)).toMatchObject({ balance: 498, pending: 498 });
      const lots = (await adminView(member.id)).lots;
      expect(lots.map((lot) => [lot.source, lot.amount, lot.status]).sort()).toEqual([
        ['first_purchase', 200, 'pending'],
        ['order', 148, 'pending'],
        ['order', 150, 'pending'],
      ]);
      expect(new Date(lots[0]?.availableAt ?? 0).getTime() - now.getTime()).toBeGreaterThanOrEqual(7 * DAY_MS);
    });

    it('does not credit an unpaid order', async () => {
      const member = await createMemberDirect(t);
      const order = await insertOrder(t.deps.db, { memberId: member.id, payableFen: 50_000, paidAt: null, now: t.clock.now() });
      expect(await inLedgerTx(t, (tx) => earnOrderPoints(tx, order.id))).toBe(0);
      expect((await summary(member.id)).balance).toBe(0);
    });
  });

  describe('spending', () => {
    it('takes the soonest-expiring available lot first and never a pending one', async () => {
      const member = await createMemberDirect(t);
      await grantPoints(t, member.id, 100, { expiresInMs: 700 * DAY_MS });
      await grantPoints(t, member.id, 100, { expiresInMs: 30 * DAY_MS });
      await grantPoints(t, member.id, 100, { availableInMs: 3 * DAY_MS, expiresInMs: 10 * DAY_MS });
      expect(await summary(member.id)).toMatchObject({ balance: 300, available: 200, pending: 100, expiringSoon: 200 });
      expect((await adjust(member.id, -201)).body.error).toMatchObject({ code: 'POINTS_INSUFFICIENT', details: { available: 200 } });
      expect((await adjust(member.id, -150)).status).toBe(201);
      const byExpiry = (await adminView(member.id)).lots.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
      expect(byExpiry.map((lot) => [lot.remaining, lot.status])).toEqual([
        [100, 'pending'],
        [0, 'used'],
        [50, 'available'],
      ]);
      expect(await memberMismatches([member.id])).toEqual([]);
    });
  });

  describe('expiry', () => {
    it('warns 7 days ahead, then expires what is left of the lot', async () => {
      const member = await createMemberDirect(t);
      await grantPoints(t, member.id, 80, { expiresInMs: 10 * DAY_MS });
      const notices = () =>
        t.deps.db
          .select()
          .from(memberNotices)
          .where(and(eq(memberNotices.memberId, member.id), eq(memberNotices.kind, 'points_expiring')));
      await expirePoints(serviceAt(t.deps.db, t.clock.now()));
      expect(await notices()).toHaveLength(0);
      t.clock.advance(4 * DAY_MS);
      await expirePoints(serviceAt(t.deps.db, t.clock.now()));
      await expirePoints(serviceAt(t.deps.db, t.clock.now()));
      const [notice] = await notices();
      expect(notice?.data).toMatchObject({ points: 80 });
      expect(await notices()).toHaveLength(1);
      expect((await adjust(member.id, -30)).status).toBe(201);

      t.clock.advance(6 * DAY_MS + 60_000);
      expect(await summary(member.id)).toMatchObject({ balance: 50, available: 0 });
      expect(await expirePoints(serviceAt(t.deps.db, t.clock.now()))).toBeGreaterThanOrEqual(1);
      expect(await summary(member.id)).toMatchObject({ balance: 0, available: 0 });
      const [latest] = (await ledger(member.id)).items;
      expect(latest).toMatchObject({ delta: -50, kind: 'expire', source: 'expire' });
      expect(await expirePoints(serviceAt(t.deps.db, t.clock.now()))).toBe(0);
      expect(await memberMismatches([member.id])).toEqual([]);
    });
  });

  describe('GET /api/me/points/ledger', () => {
    it('pages the member’s own entries newest first, with sources and reasons', async () => {
      const member = await createMemberDirect(t);
      const other = await createMemberDirect(t);
      await grantPoints(t, member.id, 10);
      await grantPoints(t, member.id, 20);
      await grantPoints(t, other.id, 99);
      expect((await adjust(member.id, -5, '兑换礼品')).status).toBe(201);
      const first = await ledger(member.id, '?limit=2');
      expect(first.items.map((item) => item.delta)).toEqual([-5, 20]);
      expect(first.items[0]).toMatchObject({ kind: 'adjust', reason: '兑换礼品', source: 'adjust', orderId: null });
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await ledger(member.id, `?limit=2&cursor=${first.nextCursor ?? ''}`);
      expect(second.items.map((item: PointsEntryView) => [item.delta, item.kind, item.reason])).toEqual([[10, 'earn', '测试发放']]);
      expect(second.nextCursor).toBeNull();
      const otherIds = (await ledger(other.id)).items.map((item) => item.id);
      expect(otherIds).toHaveLength(1);
      expect([...first.items, ...second.items].some((item) => otherIds.includes(item.id))).toBe(false);
    });

    it('rejects a bad cursor with INVALID_CURSOR and a guest with 401', async () => {
      const member = await createMemberDirect(t);
      const res = await t.request().get('/api/me/points/ledger?cursor=nope').set(memberAuthNow(t, member.id));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
      expect((await t.request().get('/api/me/points')).status).toBe(401);
    });
  });

  describe('POST /api/admin/members/:id/points-adjustments', () => {
    it('credits and debits with a mandatory reason, audited in the same transaction', async () => {
      const member = await createMemberDirect(t);
      const credited = await adjust(member.id, 500, '活动补发', service);
      expect(credited.status).toBe(201);
      expect(credited.body).toMatchObject({ balance: 500, available: 500 });
      const audits = () =>
        t.deps.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'points.adjust'), eq(auditLog.targetId, String(member.id))));
      const [audit] = await audits();
      expect(audit).toMatchObject({
        staffId: service.id,
        targetType: 'member',
        before: { balance: 0 },
        after: { balance: 500, delta: 500, reason: '活动补发' },
      });
      const [entry] = (await adminView(member.id)).entries;
      expect(entry).toMatchObject({ delta: 500, kind: 'adjust', reason: '活动补发' });

      const refused = await adjust(member.id, -501);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'POINTS_INSUFFICIENT', details: { available: 500 } });
      expect(await audits()).toHaveLength(1);
      expect((await adjust(member.id, -200, '误发扣回')).body).toMatchObject({ balance: 300 });
      expect(await audits()).toHaveLength(2);
    });

    it.each<[string, unknown, string]>([
      ['a missing reason', { delta: 10 }, 'VALIDATION_FAILED'],
      ['a one-character reason', { delta: 10, reason: '补' }, 'VALIDATION_FAILED'],
      ['a zero delta', { delta: 0, reason: '没有变化' }, 'VALIDATION_FAILED'],
      ['a fractional delta', { delta: 1.5, reason: '半个积分' }, 'VALIDATION_FAILED'],
      ['an unknown field', { delta: 10, reason: '客服补偿', note: 'x' }, 'VALIDATION_FAILED'],
    ])('rejects %s with 400 and writes nothing', async (_name, body, code) => {
      const member = await createMemberDirect(t);
      const res = await t
        .request()
        .post(`/api/admin/members/${member.id}/points-adjustments`)
        .set(staffAuthNow(t, owner))
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect((await summary(member.id)).balance).toBe(0);
    });

    it('needs membership:adjust (403 for an analyst) and an existing member (404)', async () => {
      const member = await createMemberDirect(t);
      const forbidden = await adjust(member.id, 10, '客服补偿', analyst);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('FORBIDDEN');
      const missing = await adjust(99_999_999, 10);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('MEMBER_NOT_FOUND');
      expect((await t.request().get('/api/admin/members/99999999/points').set(staffAuthNow(t, analyst))).body.error.code).toBe('MEMBER_NOT_FOUND');
      expect((await t.request().get(`/api/admin/members/${member.id}/points`).set(memberAuthNow(t, member.id))).status).toBe(401);
    });
  });

  describe('GET /api/admin/reports/points-liability', () => {
    it('counts unexpired points (pending included) and their value, by China month of expiry', async () => {
      const before = await liability();
      const member = await createMemberDirect(t);
      await grantPoints(t, member.id, 1000, { expiresInMs: 400 * DAY_MS });
      await grantPoints(t, member.id, 300, { availableInMs: 5 * DAY_MS, expiresInMs: 400 * DAY_MS });
      const gone = await createMemberDirect(t);
      await grantPoints(t, gone.id, 77, { expiresInMs: 1000 });
      t.clock.advance(2000); // past the small lot's expiry, before the job has run
      const after = await liability();
      expect(after.outstandingPoints - before.outstandingPoints).toBe(1300);
      expect(after.outstandingValueFen - before.outstandingValueFen).toBe(1300); // 100 points = ¥1
      expect(after.pendingPoints - before.pendingPoints).toBe(300);
      expect(after.members - before.members).toBe(1);
      const [lot] = await t.deps.db.select().from(pointsLots).where(eq(pointsLots.memberId, member.id));
      const month = new Date((lot?.expiresAt.getTime() ?? 0) + 8 * 3600 * 1000).toISOString().slice(0, 7);
      const pointsIn = (view: PointsLiabilityView) => view.expiringByMonth.find((entry) => entry.month === month)?.points ?? 0;
      expect(pointsIn(after) - pointsIn(before)).toBe(1300);
      expect(after.expiringByMonth.find((entry) => entry.month === month)?.valueFen).toBe(pointsIn(after));
      expect(after.negativeBalances).toEqual(before.negativeBalances);
      expect((await t.request().get('/api/admin/reports/points-liability')).status).toBe(401);
    });
  });
});
