import type { TierUpsellView } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createSellableSku } from '../orders/test-factories';

describe.each(testDrivers())('GET /api/products/:id/tier-upsell (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const upsellOf = async (productId: number, member: TestMember | null): Promise<TierUpsellView | null> => {
    const request = t.request().get(`/api/products/${productId}/tier-upsell`);
    const res = await (member ? request.set(member.auth) : request);
    expect(res.status).toBe(200);
    return res.body.upsell as TierUpsellView | null;
  };

  it('shows a silver member the gold price when it is lower (升级黄金再省¥3), with the growth still needed', async () => {
    const sku = await createSellableSku(t, owner.auth, { publicPriceFen: 9900, privatePriceFen: 5900, tierPrices: { silver: 5600, gold: 5300 } });
    const silver = await createMemberDirect(t, 'silver');
    const upsell = await upsellOf(sku.productId, silver);
    expect(upsell).toMatchObject({
      tierCode: 'gold',
      tierName: '黄金',
      skus: [{ skuId: sku.id, priceFen: 5600, nextPriceFen: 5300, savingFen: 300 }],
      maxSavingFen: 300,
    });
    expect(upsell?.growthNeeded).toBeGreaterThan(0);
  });

  it('has none for a guest, at the top tier, or when the next tier pays no less', async () => {
    const sku = await createSellableSku(t, owner.auth, { publicPriceFen: 9900, privatePriceFen: 5900, tierPrices: { gold: 5300 } });
    expect(await upsellOf(sku.productId, null)).toBeNull();
    expect(await upsellOf(sku.productId, await createMemberDirect(t, 'diamond'))).toBeNull();
    expect(await upsellOf(sku.productId, await createMemberDirect(t, 'gold'))).toBeNull();
    expect(await upsellOf(sku.productId, await createMemberDirect(t, 'bronze'))).toBeNull();
    expect((await upsellOf(sku.productId, await createMemberDirect(t, 'silver')))?.maxSavingFen).toBe(600);
  });

  it('answers an unknown product with no upsell and a bad id with 400', async () => {
    const member = await createMemberDirect(t, 'silver');
    expect(await upsellOf(2_000_000_000, member)).toBeNull();
    expect((await t.request().get('/api/products/abc/tier-upsell').set(member.auth)).status).toBe(400);
  });
});
