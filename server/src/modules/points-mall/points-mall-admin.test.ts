import { eq } from 'drizzle-orm';
import type { PointsMallItemView, StaffRole } from '@siyu/shared';
import { pointsMallItems, skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStoreSku, createTemplate } from '../coupons/test-factories';
import { createSellableSku } from '../orders/test-factories';
import { auditOf, buildItemBody, createItem, givePoints, itemRow, postItem, redeem } from './test-factories';

describe.each(testDrivers())('points mall items for staff (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let templateId: number;
  let skuId: number;
  const patch = (auth: { Authorization: string }, id: number, body: Record<string, unknown>) =>
    t.request().patch(`/api/admin/points-mall/items/${id}`).set(auth).send(body);

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    templateId = (await createTemplate(t, owner.auth, { totalCount: null })).id;
    skuId = (await createSellableSku(t, owner.auth, { stock: 20 })).id;
  });
  afterAll(() => t.close());

  describe('role matrix', () => {
    const cases: [StaffRole, number, number][] = [
      ['owner', 200, 201],
      ['operator', 200, 201],
      ['service', 200, 403],
      ['analyst', 200, 403],
    ];
    it.each(cases)('%s: GET %i, POST/PATCH %i', async (role, readStatus, writeStatus) => {
      const staff = await createStaff(t, role);
      expect((await t.request().get('/api/admin/points-mall/items').set(staff.auth)).status).toBe(readStatus);
      const created = await postItem(t, staff.auth, buildItemBody({ kind: 'coupon', couponTemplateId: templateId }));
      expect(created.status).toBe(writeStatus);
      const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId });
      const patched = await patch(staff.auth, item.id, { title: '改名' });
      expect(patched.status).toBe(writeStatus === 201 ? 200 : 403);
      if (writeStatus === 403) expect(patched.body.error.code).toBe('FORBIDDEN');
    });

    it('refuses guests and member tokens with 401', async () => {
      const member = await createMemberDirect(t);
      expect((await t.request().get('/api/admin/points-mall/items')).status).toBe(401);
      expect((await t.request().get('/api/admin/points-mall/items').set(member.auth)).status).toBe(401);
    });
  });

  describe('POST /api/admin/points-mall/items', () => {
    it('creates a coupon item and a goods item, on sale, with an audit row', async () => {
      const coupon = await createItem(t, owner.auth, {
        kind: 'coupon',
        couponTemplateId: templateId,
        pointsPrice: 500,
        stock: 30,
        perMemberLimit: 2,
        minTier: 'gold',
        sortOrder: 3,
      });
      expect(coupon).toMatchObject({
        kind: 'coupon',
        couponTemplateId: templateId,
        skuId: null,
        pointsPrice: 500,
        cashFen: 0,
        stock: 30,
        redeemedCount: 0,
        remaining: 30,
        perMemberLimit: 2,
        status: 'on_sale',
        minTier: 'gold',
        sortOrder: 3,
      });
      const goods = await createItem(t, owner.auth, { kind: 'goods', skuId, pointsPrice: 2000, cashFen: 990 });
      expect(goods).toMatchObject({ kind: 'goods', skuId, couponTemplateId: null, cashFen: 990, perMemberLimit: 1, minTier: null });
      const audit = await auditOf(t, coupon.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'points_mall_item.create', staffId: owner.id, after: expect.objectContaining({ pointsPrice: 500 }) });
      const list = await t.request().get('/api/admin/points-mall/items').set(owner.auth);
      expect((list.body.items as PointsMallItemView[]).map((item) => item.id)).toEqual(expect.arrayContaining([coupon.id, goods.id]));
    });

    it('answers 404 COUPON_TEMPLATE_NOT_FOUND and 404 SKU_NOT_FOUND for targets that do not exist', async () => {
      const noTemplate = await postItem(t, owner.auth, buildItemBody({ kind: 'coupon', couponTemplateId: 999_999 }));
      expect(noTemplate.status).toBe(404);
      expect(noTemplate.body.error.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
      const noSku = await postItem(t, owner.auth, buildItemBody({ kind: 'goods', skuId: 999_999 }));
      expect(noSku.status).toBe(404);
      expect(noSku.body.error.code).toBe('SKU_NOT_FOUND');
    });

    it('answers 409 for a deleted SKU and a stopped coupon template', async () => {
      const deleted = await createSellableSku(t, owner.auth);
      await t.deps.db.update(skus).set({ deletedAt: t.clock.now() }).where(eq(skus.id, deleted.id));
      const onDeleted = await postItem(t, owner.auth, buildItemBody({ kind: 'goods', skuId: deleted.id }));
      expect(onDeleted.status).toBe(409);
      expect(onDeleted.body.error.code).toBe('POINTS_MALL_SKU_UNAVAILABLE');
      const stopped = await createTemplate(t, owner.auth);
      await t.request().post(`/api/admin/coupon-templates/${stopped.id}/stop`).set(owner.auth).send();
      const onStopped = await postItem(t, owner.auth, buildItemBody({ kind: 'coupon', couponTemplateId: stopped.id }));
      expect(onStopped.status).toBe(409);
      expect(onStopped.body.error.code).toBe('COUPON_STOPPED');
    });

    it.each([
      ['a coupon item without a template', { kind: 'coupon' }],
      ['a goods item without a SKU', { kind: 'goods' }],
      ['a coupon item with cash', { kind: 'coupon', couponTemplateId: 1, cashFen: 100 }],
      ['a coupon item with a SKU', { kind: 'coupon', couponTemplateId: 1, skuId: 1 }],
      ['zero points', { kind: 'coupon', couponTemplateId: 1, pointsPrice: 0 }],
      ['fractional points', { kind: 'coupon', couponTemplateId: 1, pointsPrice: 10.5 }],
      ['a per-member limit of 0', { kind: 'coupon', couponTemplateId: 1, perMemberLimit: 0 }],
      ['an unknown tier', { kind: 'coupon', couponTemplateId: 1, minTier: 'iron' }],
      ['an unknown field', { kind: 'coupon', couponTemplateId: 1, redeemedCount: 5 }],
    ])('refuses %s with 400 VALIDATION_FAILED and writes nothing', async (_name, overrides) => {
      const before = await t.deps.db.$count(pointsMallItems);
      const res = await postItem(t, owner.auth, buildItemBody(overrides as Record<string, unknown>));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(await t.deps.db.$count(pointsMallItems)).toBe(before);
    });
  });

  describe('PATCH /api/admin/points-mall/items/:id', () => {
    it('changes the editable fields and audits before and after', async () => {
      const item = await createItem(t, owner.auth, { kind: 'goods', skuId });
      const body = {
        title: '新标题',
        pointsPrice: 300,
        cashFen: 500,
        stock: 5,
        perMemberLimit: 3,
        status: 'off_sale',
        minTier: 'silver',
        image: 'https://img.example.com/a.png',
        sortOrder: 9,
      };
      const res = await patch(owner.auth, item.id, body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...body, remaining: 5 });
      const audit = await auditOf(t, item.id);
      expect(audit[1]).toMatchObject({
        action: 'points_mall_item.update',
        before: { title: item.title, pointsPrice: 100, stock: 10, status: 'on_sale', minTier: null },
        after: body,
      });
    });

    it('refuses a stock below what is already redeemed with 409 POINTS_MALL_STOCK_BELOW_REDEEMED, and allows it equal', async () => {
      const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, stock: 5, perMemberLimit: 5 });
      await t.deps.db.update(pointsMallItems).set({ redeemedCount: 3 }).where(eq(pointsMallItems.id, item.id));
      const below = await patch(owner.auth, item.id, { stock: 2 });
      expect(below.status).toBe(409);
      expect(below.body.error).toMatchObject({ code: 'POINTS_MALL_STOCK_BELOW_REDEEMED', details: { redeemedCount: 3 } });
      expect((await itemRow(t, item.id)).stock).toBe(5);
      expect(await auditOf(t, item.id)).toHaveLength(1);
      const equal = await patch(owner.auth, item.id, { stock: 3 });
      expect(equal.status).toBe(200);
      expect(equal.body).toMatchObject({ stock: 3, remaining: 0 });
    });

    it('lets no redemption through after the stock is lowered to the redeemed count', async () => {
      const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId, stock: 5 });
      const member = await createMemberDirect(t);
      await givePoints(t, member.id, 1000);
      expect((await redeem(t, member, item.id)).status).toBe(201);
      expect((await patch(owner.auth, item.id, { stock: 1 })).status).toBe(200);
      const other = await createMemberDirect(t);
      await givePoints(t, other.id, 1000);
      const res = await redeem(t, other, item.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_MALL_SOLD_OUT');
    });

    it('refuses cash on a coupon item, an empty patch and kind changes with 400', async () => {
      const item = await createItem(t, owner.auth, { kind: 'coupon', couponTemplateId: templateId });
      for (const body of [{ cashFen: 100 }, {}, { kind: 'goods' }, { skuId }]) {
        const res = await patch(owner.auth, item.id, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect(await auditOf(t, item.id)).toHaveLength(1);
    });

    it('answers 404 POINTS_MALL_ITEM_NOT_FOUND for an unknown item', async () => {
      const res = await patch(owner.auth, 999_999, { title: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('POINTS_MALL_ITEM_NOT_FOUND');
    });
  });
});
