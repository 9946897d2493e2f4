import { and, eq } from 'drizzle-orm';
import type { PromoCodeView } from '@siyu/shared';
import { auditLog, orderPromotionClaims, promoCodes } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createOnSaleProduct } from '../catalog/test-factories';
import { findPromoCodeForCheckout } from './index';
import { HOUR, MINUTE, createPromoCode, createSession, insertOrder, isoFromNow, uniqueCode } from './test-factories';

describe.each(testDrivers())('promo codes (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let productId: number;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator] = await Promise.all([createStaff(t, 'owner'), createStaff(t, 'operator')]);
    // Private ¥100, cost ¥40: 10 % off stays above cost, 70 % off goes below it and past the 50 % depth.
    productId = (await createOnSaleProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 12000, privatePriceFen: 10000, costPriceFen: 4000 })] })).id;
  });
  afterAll(() => t.close());

  const liveSession = () => createSession(t, owner.auth, { startsAt: isoFromNow(t, -MINUTE), endsAt: isoFromNow(t, HOUR) });
  const postCode = (sessionId: number, body: Record<string, unknown>, staff: TestStaff = operator) =>
    t.request().post(`/api/admin/live-sessions/${sessionId}/promo-codes`).set(staff.auth).send(body);
  const tenPercent = () => ({ rule: { kind: 'percent_off', offBp: 1000 }, scope: { kind: 'products', productIds: [productId] } });

  describe('POST /api/admin/live-sessions/:id/promo-codes', () => {
    it('creates an upper-case code with defaults, not needing approval, and audits it', async () => {
      const session = await liveSession();
      const code = uniqueCode('live');
      const res = await postCode(session.id, { code: code.toLowerCase(), ...tenPercent(), graceMinutes: 30, totalCap: 500 });
      expect(res.status).toBe(201);
      const view = res.body as PromoCodeView;
      expect(view).toMatchObject({
        sessionId: session.id,
        code: code.toUpperCase(),
        graceMinutes: 30,
        perMemberCap: 1,
        totalCap: 500,
        usedCount: 0,
        status: 'active',
        scope: { kind: 'products', productIds: [productId] },
      });
      expect(view.rule).toMatchObject({ kind: 'percent_off', offBp: 1000 });
      expect(typeof view.ruleText).toBe('string');
      expect(view.ruleText.length).toBeGreaterThan(0);
      expect(view.approval).toMatchObject({ status: 'not_required', reason: null, createdBy: operator.id, approvedBy: null });
      const [audit] = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'promo_code.create'), eq(auditLog.targetId, String(view.id))));
      expect(audit).toMatchObject({
        staffId: operator.id,
        targetType: 'promo_code',
        after: { sessionId: session.id, code: code.toUpperCase(), approvalStatus: 'not_required' },
      });
      const detail = await t.request().get(`/api/admin/live-sessions/${session.id}`).set(owner.auth);
      expect(detail.body.promoCodes).toEqual([expect.objectContaining({ id: view.id, code: code.toUpperCase() })]);
      const list = await t.request().get(`/api/admin/live-sessions/${session.id}/promo-codes`).set(owner.auth);
      expect(list.body.items).toEqual([expect.objectContaining({ id: view.id })]);
    });

    it('refuses the same code in another case with PROMO_CODE_TAKEN, even on another session', async () => {
      const [first, second] = await Promise.all([liveSession(), liveSession()]);
      const code = uniqueCode('Dup');
      expect((await postCode(first.id, { code: code.toUpperCase(), rule: { kind: 'fixed_off', offFen: 500 } })).status).toBe(201);
      const res = await postCode(second.id, { code: code.toLowerCase(), rule: { kind: 'fixed_off', offFen: 500 } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PROMO_CODE_TAKEN');
      expect(await t.deps.db.select().from(promoCodes).where(eq(promoCodes.sessionId, second.id))).toHaveLength(0);
    });

    it('makes a 70 % off code wait for approval, with the depth and below-cost SKUs', async () => {
      const session = await liveSession();
      const res = await postCode(session.id, {
        code: uniqueCode('Deep'),
        rule: { kind: 'percent_off', offBp: 7000 },
        scope: { kind: 'products', productIds: [productId] },
      });
      expect(res.status).toBe(201);
      expect(res.body.approval).toMatchObject({ status: 'pending', createdBy: operator.id });
      expect(res.body.approval.reason.depthBp).toBe(7000);
      expect(res.body.approval.reason.belowCost).toEqual([expect.objectContaining({ costPriceFen: 4000, priceAfterFen: 3000 })]);
      const [row] = await t.deps.db.select().from(promoCodes).where(eq(promoCodes.id, res.body.id));
      expect(row).toMatchObject({ approvalStatus: 'pending', createdBy: operator.id });
    });

    it('refuses a code on an ended session with LIVE_SESSION_ENDED and on an unknown one with 404', async () => {
      const session = await liveSession();
      await t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(owner.auth).expect(200);
      const ended = await postCode(session.id, { code: uniqueCode(), rule: { kind: 'fixed_off', offFen: 500 } });
      expect(ended.status).toBe(409);
      expect(ended.body.error.code).toBe('LIVE_SESSION_ENDED');
      const unknown = await postCode(999999, { code: uniqueCode(), rule: { kind: 'fixed_off', offFen: 500 } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('LIVE_SESSION_NOT_FOUND');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a two-letter code', { code: 'AB' }, 'body.code'],
      ['a code with a dash', { code: 'LIVE-88' }, 'body.code'],
      ['a negative grace', { graceMinutes: -1 }, 'body.graceMinutes'],
      ['a zero total cap', { totalCap: 0 }, 'body.totalCap'],
      ['a missing rule', { rule: undefined }, 'body.rule'],
      ['an unknown field', { usedCount: 3 }, 'body.usedCount'],
      ['a new-customer rule', { rule: { kind: 'new_customer', offFen: 500 } }, 'body.rule.kind'],
      ['a rule with a bad amount', { rule: { kind: 'fixed_off', offFen: 1.5 } }, 'body.rule.offFen'],
    ])('rejects %s with VALIDATION_FAILED on that field', async (_name, overrides, field) => {
      const session = await liveSession();
      const res = await postCode(session.id, { code: uniqueCode(), rule: { kind: 'fixed_off', offFen: 500 }, ...overrides });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await t.deps.db.select().from(promoCodes).where(eq(promoCodes.sessionId, session.id))).toHaveLength(0);
    });
  });

  describe('POST /api/admin/promo-codes/:id/stop', () => {
    it('stops an active code once, audited; a second stop is PROMO_CODE_STOPPED', async () => {
      const session = await liveSession();
      const code = await createPromoCode(t, operator.auth, session.id);
      const res = await t.request().post(`/api/admin/promo-codes/${code.id}/stop`).set(operator.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: code.id, status: 'stopped' });
      const again = await t.request().post(`/api/admin/promo-codes/${code.id}/stop`).set(operator.auth);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PROMO_CODE_STOPPED');
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'promo_code.stop'), eq(auditLog.targetId, String(code.id))));
      expect(audits).toEqual([expect.objectContaining({ staffId: operator.id, before: { status: 'active' }, after: { status: 'stopped' } })]);
      expect(await findPromoCodeForCheckout(t.deps.db, code.code, t.clock.now())).toEqual({ error: 'PROMO_CODE_STOPPED' });
    });

    it('answers 404 PROMO_CODE_INVALID for an unknown code', async () => {
      const res = await t.request().post('/api/admin/promo-codes/999999/stop').set(operator.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PROMO_CODE_INVALID');
    });
  });

  describe('findPromoCodeForCheckout', () => {
    it('accepts the code only inside the session window plus its grace minutes', async () => {
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, HOUR), endsAt: isoFromNow(t, 2 * HOUR) });
      const code = await createPromoCode(t, operator.auth, session.id, { graceMinutes: 30 });
      const startsAt = Date.parse(session.startsAt);
      const endsAt = Date.parse(session.endsAt);
      const at = (ms: number) => findPromoCodeForCheckout(t.deps.db, code.code.toLowerCase(), new Date(ms));
      expect(await at(startsAt - 1)).toEqual({ error: 'PROMO_CODE_NOT_STARTED' });
      const inside = await at(startsAt);
      expect('error' in inside).toBe(false);
      if (!('error' in inside)) {
        expect(inside.codeRow).toMatchObject({ id: code.id, code: code.code, graceMinutes: 30 });
        expect(inside.session).toMatchObject({ id: session.id });
      }
      expect('error' in (await at(endsAt + 29 * MINUTE))).toBe(false);
      expect(await at(endsAt + 30 * MINUTE)).toEqual({ error: 'PROMO_CODE_SESSION_ENDED' });
    });

    it('without grace, stops exactly at the end', async () => {
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, HOUR), endsAt: isoFromNow(t, 2 * HOUR) });
      const code = await createPromoCode(t, operator.auth, session.id);
      const endsAt = Date.parse(session.endsAt);
      expect('error' in (await findPromoCodeForCheckout(t.deps.db, code.code, new Date(endsAt - 1)))).toBe(false);
      expect(await findPromoCodeForCheckout(t.deps.db, code.code, new Date(endsAt))).toEqual({ error: 'PROMO_CODE_SESSION_ENDED' });
    });

    it('refuses the code at once when the session is ended early, grace or not', async () => {
      const session = await liveSession();
      const code = await createPromoCode(t, operator.auth, session.id, { graceMinutes: 120 });
      expect('error' in (await findPromoCodeForCheckout(t.deps.db, ` ${code.code} `, t.clock.now()))).toBe(false);
      await t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(owner.auth).expect(200);
      expect(await findPromoCodeForCheckout(t.deps.db, code.code, t.clock.now())).toEqual({ error: 'PROMO_CODE_SESSION_ENDED' });
    });

    it('refuses unknown codes and codes waiting for approval', async () => {
      expect(await findPromoCodeForCheckout(t.deps.db, 'NOSUCHCODE1', t.clock.now())).toEqual({ error: 'PROMO_CODE_INVALID' });
      expect(await findPromoCodeForCheckout(t.deps.db, '', t.clock.now())).toEqual({ error: 'PROMO_CODE_INVALID' });
      expect(await findPromoCodeForCheckout(t.deps.db, "x' or '1'='1", t.clock.now())).toEqual({ error: 'PROMO_CODE_INVALID' });
      const session = await liveSession();
      const deep = await createPromoCode(t, operator.auth, session.id, { rule: { kind: 'percent_off', offBp: 7000 } });
      expect(deep.approval.status).toBe('pending');
      expect(await findPromoCodeForCheckout(t.deps.db, deep.code, t.clock.now())).toEqual({ error: 'PROMOTION_NOT_APPROVED' });
      await t.deps.db.update(promoCodes).set({ approvalStatus: 'rejected' }).where(eq(promoCodes.id, deep.id));
      expect(await findPromoCodeForCheckout(t.deps.db, deep.code, t.clock.now())).toEqual({ error: 'PROMOTION_NOT_APPROVED' });
      await t.deps.db.update(promoCodes).set({ approvalStatus: 'approved' }).where(eq(promoCodes.id, deep.id));
      expect('error' in (await findPromoCodeForCheckout(t.deps.db, deep.code, t.clock.now()))).toBe(false);
    });
  });

  describe('GET /api/admin/live-sessions/:id/report', () => {
    it('counts attributed orders, paid GMV net of refunds, buyers and each code’s uses', async () => {
      const session = await liveSession();
      const other = await liveSession();
      const live88 = await createPromoCode(t, operator.auth, session.id, { totalCap: 100 });
      const fan10 = await createPromoCode(t, operator.auth, session.id, { rule: { kind: 'fixed_off', offFen: 1000 } });
      const [alice, bob, carol] = await Promise.all([createMemberDirect(t), createMemberDirect(t), createMemberDirect(t)]);
      if (!alice || !bob || !carol) throw new Error('members missing');
      const orderIds = [
        await insertOrder(t, { memberId: alice.id, liveSessionId: session.id, status: 'paid', payableFen: 10000 }),
        await insertOrder(t, { memberId: alice.id, liveSessionId: session.id, status: 'completed', payableFen: 5000 }),
        await insertOrder(t, { memberId: bob.id, liveSessionId: session.id, status: 'partially_refunded', payableFen: 8000, refundedFen: 3000 }),
        await insertOrder(t, { memberId: bob.id, liveSessionId: session.id, status: 'refunded', payableFen: 2000, refundedFen: 2000 }),
        await insertOrder(t, { memberId: carol.id, liveSessionId: session.id, status: 'pending_payment', payableFen: 9000 }),
        await insertOrder(t, { memberId: carol.id, liveSessionId: session.id, status: 'cancelled', payableFen: 7000 }),
      ];
      await insertOrder(t, { memberId: carol.id, liveSessionId: other.id, status: 'paid', payableFen: 99999 });
      await insertOrder(t, { memberId: carol.id, liveSessionId: null, status: 'paid', payableFen: 88888 });
      const claim = (orderId: number, memberId: number, refId: number, discountFen: number, status = 'reserved') => ({
        orderId,
        memberId,
        kind: 'promo_code',
        refId,
        discountFen,
        status,
      });
      await t.deps.db
        .insert(orderPromotionClaims)
        .values([
          claim(orderIds[0] ?? 0, alice.id, live88.id, 1800),
          claim(orderIds[1] ?? 0, alice.id, fan10.id, 1000),
          claim(orderIds[2] ?? 0, bob.id, live88.id, 1800),
          claim(orderIds[5] ?? 0, carol.id, live88.id, 1800, 'released'),
          { orderId: orderIds[0] ?? 0, memberId: alice.id, kind: 'coupon', refId: live88.id, discountFen: 777, status: 'reserved' },
        ]);
      await t.deps.db.update(promoCodes).set({ usedCount: 3 }).where(eq(promoCodes.id, live88.id));
      await t.deps.db.update(promoCodes).set({ usedCount: 1 }).where(eq(promoCodes.id, fan10.id));

      const res = await t.request().get(`/api/admin/live-sessions/${session.id}/report`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        sessionId: session.id,
        createdOrders: 6,
        paidOrders: 4,
        gmvFen: 10000 + 5000 + 5000 + 0,
        buyers: 2,
        codeUses: [
          { codeId: live88.id, code: live88.code, usedCount: 3, totalCap: 100, discountFen: 1800 + 1800 },
          { codeId: fan10.id, code: fan10.code, usedCount: 1, totalCap: null, discountFen: 1000 },
        ],
      });
    });

    it('reports zeros for a session without orders and 404 for an unknown one', async () => {
      const session = await liveSession();
      const res = await t.request().get(`/api/admin/live-sessions/${session.id}/report`).set(owner.auth);
      expect(res.body).toEqual({ sessionId: session.id, createdOrders: 0, paidOrders: 0, gmvFen: 0, buyers: 0, codeUses: [] });
      expect((await t.request().get('/api/admin/live-sessions/999999/report').set(owner.auth)).status).toBe(404);
    });
  });
});
