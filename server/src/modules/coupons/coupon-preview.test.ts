import type { AdminSku, CouponPreviewView } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createSellableSku } from '../orders/test-factories';
import { createStoreSku } from './test-factories';

describe.each(testDrivers())('POST /api/admin/coupon-templates/preview (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  /** Private ¥100, cost ¥20. */
  let sku: AdminSku;
  /** Private ¥30, cost ¥25. */
  let cheap: AdminSku;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, analyst] = await Promise.all([createStaff(t, 'owner'), createStaff(t, 'analyst')]);
    sku = await createStoreSku(t, owner.auth);
    cheap = await createSellableSku(t, owner.auth, { publicPriceFen: 4000, privatePriceFen: 3000, costPriceFen: 2500 });
  });
  afterAll(() => t.close());

  const preview = (body: object, auth = analyst.auth) => t.request().post('/api/admin/coupon-templates/preview').set(auth).send(body);

  it('shows what a sample cart pays with a threshold coupon (shipping decided after the discount)', async () => {
    const { shippingFeeFen, freeShippingThresholdFen } = t.deps.config.commerce;
    const res = await preview({ rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 10_000, offFen: 1000 }] }, lines: [{ skuId: sku.id, quantity: 1 }] });
    expect(res.status).toBe(200);
    const view = res.body as CouponPreviewView;
    const expectedShipping = 9000 >= freeShippingThresholdFen ? 0 : shippingFeeFen;
    expect(view).toMatchObject({ applicable: true, reason: null, goodsSubtotalFen: 10_000, discountFen: 1000, payableTotalFen: 9000 + expectedShipping });
    expect(view.explanation.length).toBeGreaterThan(0);
    expect(view.assessment).toEqual({ depthBp: 1000, belowCost: [], needsApproval: false });
  });

  it('says how much is missing when the cart is below the threshold', async () => {
    const res = await preview({ rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 20_000, offFen: 2000 }] }, lines: [{ skuId: sku.id, quantity: 1 }] });
    expect(res.body).toMatchObject({ applicable: false, reason: '还差¥100.00可用', discountFen: 0, goodsSubtotalFen: 10_000 });
  });

  it('prices a new-customer coupon for a new member', async () => {
    const res = await preview({ rule: { kind: 'new_customer', offFen: 500 }, lines: [{ skuId: sku.id, quantity: 2 }] });
    expect(res.body).toMatchObject({ applicable: true, discountFen: 500, goodsSubtotalFen: 20_000, payableTotalFen: 19_500 });
  });

  it('flags a deep coupon that would push a SKU below cost', async () => {
    const res = await preview({ rule: { kind: 'percent_off', offBp: 2000, capFen: 5000 }, scope: { kind: 'all' }, lines: [{ skuId: cheap.id, quantity: 1 }] });
    expect(res.status).toBe(200);
    // 8折 on ¥30 is ¥24, below the ¥25 cost; on ¥100 it is ¥80, above ¥20.
    expect(res.body.assessment).toEqual({ depthBp: 2000, belowCost: [{ skuId: cheap.id, priceAfterFen: 2400, costPriceFen: 2500 }], needsApproval: true });
    expect(res.body).toMatchObject({ applicable: true, discountFen: 600 });
  });

  it('answers 409 ORDER_LINES_UNAVAILABLE for an unknown SKU and 400 for a bad rule', async () => {
    const unknown = await preview({ rule: { kind: 'fixed_off', offFen: 100 }, lines: [{ skuId: 999_999, quantity: 1 }] });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe('ORDER_LINES_UNAVAILABLE');
    const bad = await preview({ rule: { kind: 'fixed_off', offFen: -5 }, lines: [{ skuId: sku.id, quantity: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.rule.offFen' })]));
  });

  it('is for staff only (401 for a member)', async () => {
    const member = await createMemberDirect(t);
    const res = await preview({ rule: { kind: 'fixed_off', offFen: 100 }, lines: [{ skuId: sku.id, quantity: 1 }] }, member.auth);
    expect(res.status).toBe(401);
  });
});
