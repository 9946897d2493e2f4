import { eq } from 'drizzle-orm';
import type { CouponTemplateView } from '@siyu/shared';
import { couponMemberCounts, couponTemplates } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditOf, buildTemplateBody, claim, claimOk, createStoreSku, createTemplate, memberCouponsOf, postTemplate, templateRow } from './test-factories';

const DAY_MS = 24 * 3600 * 1000;

describe.each(testDrivers())('coupon templates (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let service: TestStaff;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, service, analyst] = await Promise.all([
      createStaff(t, 'owner'),
      createStaff(t, 'operator'),
      createStaff(t, 'service'),
      createStaff(t, 'analyst'),
    ]);
    await createStoreSku(t, owner.auth);
  });
  afterAll(() => t.close());

  describe('POST /api/admin/coupon-templates', () => {
    it('creates a fixed-amount coupon that needs no approval, with its face value, creator and an audit row', async () => {
      const res = await postTemplate(t, operator.auth, buildTemplateBody(t, { name: '无门槛10元', totalCount: 500, budgetFen: 300_000, perMemberCap: 2 }));
      expect(res.status).toBe(201);
      const view = res.body as CouponTemplateView;
      expect(view).toMatchObject({
        name: '无门槛10元',
        rule: { kind: 'fixed_off', offFen: 1000 },
        scope: { kind: 'all' },
        stackingGroup: 'coupon',
        faceValueFen: 1000,
        totalCount: 500,
        budgetFen: 300_000,
        perMemberCap: 2,
        issuedCount: 0,
        committedFen: 0,
        status: 'active',
        visibility: 'public',
        approval: { status: 'not_required', reason: null, createdBy: operator.id },
      });
      expect(view.ruleText).toEqual(expect.any(String));
      expect(view.validity.kind).toBe('window');
      expect(view.validityText).toMatch(/^\d{4}\.\d{2}\.\d{2}–\d{4}\.\d{2}\.\d{2}$/);
      const audit = await auditOf(t, view.id);
      expect(audit.map((row) => [row.action, row.staffId])).toEqual([['coupon_template.create', operator.id]]);
    });

    it.each<[string, Record<string, unknown>, number, 'coupon' | 'shipping_coupon']>([
      [
        'the top tier of a threshold ladder',
        {
          kind: 'threshold_off',
          tiers: [
            { thresholdFen: 9900, offFen: 1000 },
            { thresholdFen: 19_900, offFen: 3000 },
          ],
        },
        3000,
        'coupon',
      ],
      ['the cap of a percentage', { kind: 'percent_off', offBp: 1000, capFen: 2000 }, 2000, 'coupon'],
      ['the new-customer amount', { kind: 'new_customer', offFen: 800 }, 800, 'coupon'],
    ])('commits %s as the face value', async (_name, rule, faceValueFen, stackingGroup) => {
      const view = await createTemplate(t, owner.auth, { rule });
      expect(view).toMatchObject({ faceValueFen, stackingGroup });
    });

    it('makes a free-shipping coupon a shipping coupon worth the configured shipping fee', async () => {
      const view = await createTemplate(t, owner.auth, { rule: { kind: 'free_shipping' } });
      expect(view).toMatchObject({ stackingGroup: 'shipping_coupon', faceValueFen: t.deps.config.commerce.shippingFeeFen });
    });

    it('keeps after-claim validity as days', async () => {
      const view = await createTemplate(t, owner.auth, { validity: { kind: 'after_claim', days: 7 } });
      expect(view).toMatchObject({ validity: { kind: 'after_claim', days: 7 }, validityText: '领取后7天内有效' });
    });

    it('sends a 60 % coupon to approval, and nobody can claim it meanwhile', async () => {
      const view = await createTemplate(t, operator.auth, { rule: { kind: 'percent_off', offBp: 6000, capFen: 5000 } });
      expect(view.approval).toMatchObject({ status: 'pending', createdBy: operator.id, reason: { depthBp: 6000 } });
      const member = await createMemberDirect(t);
      const res = await claim(t, member, view.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PROMOTION_NOT_APPROVED');
      expect((await templateRow(t, view.id)).issuedCount).toBe(0);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a percentage without a cap but with a budget', { rule: { kind: 'percent_off', offBp: 1000 }, budgetFen: 100_000 }, 'body.rule.capFen'],
      [
        'validFrom after validTo',
        { validity: { kind: 'window', validFrom: '2030-02-01T00:00:00+08:00', validTo: '2030-01-01T00:00:00+08:00' } },
        'body.validity',
      ],
      [
        'a validity window that is already over',
        { validity: { kind: 'window', validFrom: '2020-01-01T00:00:00+08:00', validTo: '2020-02-01T00:00:00+08:00' } },
        'body.validity.validTo',
      ],
      ['a claim window ending before it starts', { claimStartsAt: '2030-02-01T00:00:00+08:00', claimEndsAt: '2030-01-01T00:00:00+08:00' }, 'body.claimEndsAt'],
      ['a flash price rule', { rule: { kind: 'flash_price', skuId: 1, priceFen: 100, maxQuantity: 1 } }, 'body.rule.kind'],
      ['a per-member cap of 0', { perMemberCap: 0 }, 'body.perMemberCap'],
      ['a negative budget', { budgetFen: -1 }, 'body.budgetFen'],
      ['an unknown field', { issuedCount: 5 }, 'body.issuedCount'],
    ])('rejects %s with VALIDATION_FAILED on the field', async (_name, overrides, field) => {
      const before = await t.deps.db.select({ id: couponTemplates.id }).from(couponTemplates);
      const res = await postTemplate(t, owner.auth, buildTemplateBody(t, overrides));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await t.deps.db.select({ id: couponTemplates.id }).from(couponTemplates)).toHaveLength(before.length);
    });

    it('is refused to analysts and service staff (403) and to members (401)', async () => {
      for (const staff of [analyst, service]) {
        const res = await postTemplate(t, staff.auth, buildTemplateBody(t));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const member = await createMemberDirect(t);
      expect((await postTemplate(t, member.auth, buildTemplateBody(t))).status).toBe(401);
    });
  });

  describe('GET /api/admin/coupon-templates', () => {
    it('lists newest first with the counters, for every role that reads promotions', async () => {
      const older = await createTemplate(t, owner.auth, { totalCount: 10 });
      const newer = await createTemplate(t, owner.auth);
      await claimOk(t, await createMemberDirect(t), older.id);
      const res = await t.request().get('/api/admin/coupon-templates').set(analyst.auth);
      expect(res.status).toBe(200);
      const ids = (res.body.items as CouponTemplateView[]).map((item) => item.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect((res.body.items as CouponTemplateView[]).find((item) => item.id === older.id)).toMatchObject({
        issuedCount: 1,
        committedFen: 1000,
        totalCount: 10,
      });
      const one = await t.request().get(`/api/admin/coupon-templates/${older.id}`).set(service.auth);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: older.id, issuedCount: 1 });
    });

    it('answers 404 COUPON_TEMPLATE_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().get('/api/admin/coupon-templates/999999').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    });
  });

  describe('PATCH /api/admin/coupon-templates/:id', () => {
    it('changes the name and raises the caps, audited with before and after', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 5, budgetFen: 5000 });
      const res = await t
        .request()
        .patch(`/api/admin/coupon-templates/${view.id}`)
        .set(operator.auth)
        .send({ name: '新名字', totalCount: 8, budgetFen: 8000, visibility: 'hidden' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '新名字', totalCount: 8, budgetFen: 8000, visibility: 'hidden' });
      const audit = (await auditOf(t, view.id)).find((row) => row.action === 'coupon_template.update');
      expect(audit).toMatchObject({
        staffId: operator.id,
        before: { name: view.name, totalCount: 5, budgetFen: 5000, visibility: 'public' },
        after: { name: '新名字', totalCount: 8 },
      });
    });

    it('refuses a total count or a budget below what is already issued with 409 COUPON_LIMIT_BELOW_ISSUED', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 5, budgetFen: 5000 });
      await claimOk(t, await createMemberDirect(t), view.id);
      await claimOk(t, await createMemberDirect(t), view.id);
      const count = await t.request().patch(`/api/admin/coupon-templates/${view.id}`).set(owner.auth).send({ totalCount: 1 });
      expect(count.status).toBe(409);
      expect(count.body.error).toMatchObject({ code: 'COUPON_LIMIT_BELOW_ISSUED', details: { field: 'totalCount', issuedCount: 2 } });
      const budget = await t.request().patch(`/api/admin/coupon-templates/${view.id}`).set(owner.auth).send({ budgetFen: 1999 });
      expect(budget.status).toBe(409);
      expect(budget.body.error).toMatchObject({ code: 'COUPON_LIMIT_BELOW_ISSUED', details: { field: 'budgetFen', committedFen: 2000 } });
      const exact = await t.request().patch(`/api/admin/coupon-templates/${view.id}`).set(owner.auth).send({ totalCount: 2, budgetFen: 2000 });
      expect(exact.status).toBe(200);
      const refused = await claim(t, await createMemberDirect(t), view.id);
      expect(refused.body.error.code).toBe('COUPON_SOLD_OUT');
    });

    it('rejects an empty patch and fields that cannot change with VALIDATION_FAILED', async () => {
      const view = await createTemplate(t, owner.auth);
      for (const body of [{}, { rule: { kind: 'fixed_off', offFen: 1 } }, { perMemberCap: 3 }]) {
        const res = await t.request().patch(`/api/admin/coupon-templates/${view.id}`).set(owner.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect((await templateRow(t, view.id)).name).toBe(view.name);
    });

    it('is refused to analysts', async () => {
      const view = await createTemplate(t, owner.auth);
      const res = await t.request().patch(`/api/admin/coupon-templates/${view.id}`).set(analyst.auth).send({ name: 'x' });
      expect(res.status).toBe(403);
    });
  });

  describe('POST /api/admin/coupon-templates/:id/stop', () => {
    it('stops claims while coupons already held stay usable; audited; a second stop is a conflict', async () => {
      const view = await createTemplate(t, owner.auth, { perMemberCap: 2 });
      const member = await createMemberDirect(t);
      const held = await claimOk(t, member, view.id);
      const res = await t.request().post(`/api/admin/coupon-templates/${view.id}/stop`).set(operator.auth).send();
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('stopped');
      const refused = await claim(t, member, view.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('COUPON_STOPPED');
      const mine = await t.request().get('/api/me/coupons').set(member.auth);
      expect(mine.body.items).toEqual([expect.objectContaining({ id: held.id, status: 'available' })]);
      expect((await auditOf(t, view.id)).map((row) => row.action)).toEqual(['coupon_template.create', 'coupon_template.stop']);
      const again = await t.request().post(`/api/admin/coupon-templates/${view.id}/stop`).set(operator.auth).send();
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PROMOTION_STATUS_CONFLICT');
    });
  });

  describe('maker-checker', () => {
    it('lets an approved template be claimed once its status is approved', async () => {
      const view = await createTemplate(t, operator.auth, {
        rule: { kind: 'percent_off', offBp: 7000, capFen: 3000 },
        validity: { kind: 'after_claim', days: 3 },
      });
      expect(view.approval.status).toBe('pending');
      await t.deps.db
        .update(couponTemplates)
        .set({ approvalStatus: 'approved', approvedBy: owner.id, approvedAt: t.clock.now() })
        .where(eq(couponTemplates.id, view.id));
      const member = await createMemberDirect(t);
      const coupon = await claimOk(t, member, view.id);
      expect(new Date(coupon.expiresAt).getTime() - new Date(coupon.validFrom).getTime()).toBe(3 * DAY_MS);
      expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(1);
      const [count] = await t.deps.db.select().from(couponMemberCounts).where(eq(couponMemberCounts.templateId, view.id));
      expect(count).toMatchObject({ memberId: member.id, count: 1 });
    });
  });
});
