import { eq } from 'drizzle-orm';
import type { AdminSku } from '@siyu/shared';
import { orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createSellableSku, newKey } from '../orders/test-factories';
import { buildFeeRule, buildTemplateBody } from './test-factories';

const PLACES = {
  guangdong: { regionCodes: ['440000', '440300', '440305'], regionText: '广东省 深圳市 南山区' },
  shanghai: { regionCodes: ['310000', '310100', '310115'], regionText: '上海市 浦东新区' },
  xinjiang: { regionCodes: ['650000', '650100', '650102'], regionText: '新疆维吾尔自治区 乌鲁木齐市 天山区' },
  hongkong: { regionCodes: ['810000', '810100', '810101'], regionText: '香港特别行政区 香港岛 中西区' },
};

describe.each(testDrivers())('checkout with shipping templates (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let sku: AdminSku;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    const created = await t.request().post('/api/admin/shipping-templates').set(owner.auth).send(buildTemplateBody());
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    sku = await createSellableSku(t, owner.auth, { privatePriceFen: 3000, publicPriceFen: 3900, costPriceFen: 1000, stock: 100 });
  });
  afterAll(() => t.close());

  async function addressIn(member: TestMember, place: keyof typeof PLACES): Promise<number> {
    const res = await t
      .request()
      .post('/api/me/addresses')
      .set(member.auth)
      .send({ recipientName: '张三', phone: '13800138000', detail: '1 号', ...PLACES[place] });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as number;
  }
  const quote = (member: TestMember, body: object) => t.request().post('/api/checkout/quote').set(member.auth).send(body);

  describe('POST /api/checkout/quote', () => {
    it.each([
      ['广东, 1 piece: the default rule ¥8', 'guangdong', 1, 800],
      ['广东, 3 pieces: ¥8 + 2 × ¥2', 'guangdong', 3, 1200],
      ['广东, ¥99 of goods: free at exactly the threshold', 'guangdong', 33, 0],
      ['上海, ¥60: 江浙沪 free from ¥59', 'shanghai', 2, 0],
      ['新疆, 2 pieces: ¥20 + ¥5, never free', 'xinjiang', 4, 3500],
    ] as const)('%s', async (_name, place, quantity, feeFen) => {
      const member = await loginMember(t);
      const addressId = await addressIn(member, place);
      const res = await quote(member, { lines: [{ skuId: sku.id, quantity }], addressId });
      expect(res.status).toBe(200);
      expect(res.body.shippingFeeFen).toBe(feeFen);
      expect(res.body.payableTotalFen).toBe(3000 * quantity + feeFen);
      expect(res.body.explanation.join('\n')).toContain('运费模板「标准快递」');
    });

    it('without an address uses the member’s default address and says so; with none, the default rule', async () => {
      const member = await loginMember(t);
      const none = await quote(member, { lines: [{ skuId: sku.id, quantity: 2 }] });
      expect(none.body.shippingFeeFen).toBe(1000);
      expect(none.body.explanation).toContain('未选收货地址，按运费模板的默认规则计算运费');
      expect(none.body.shipping.shortOfFreeFen).toBe(9900 - 6000);
      await addressIn(member, 'shanghai');
      const byDefault = await quote(member, { lines: [{ skuId: sku.id, quantity: 2 }] });
      expect(byDefault.body.shippingFeeFen).toBe(0);
      expect(byDefault.body.explanation).toContain('未选收货地址，按默认地址（上海市）计算运费');
      expect(byDefault.body.explanation).toContain('运费模板「标准快递」（上海市、江苏省、浙江省）：2件，首件¥8.00，续1件¥2.00 = ¥10.00，已满¥59.00包邮');
    });

    it('refuses an undeliverable region with SHIPPING_REGION_UNSUPPORTED naming the product', async () => {
      const member = await loginMember(t);
      const addressId = await addressIn(member, 'hongkong');
      const res = await quote(member, { lines: [{ skuId: sku.id, quantity: 1 }], addressId });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'SHIPPING_REGION_UNSUPPORTED', details: { province: '香港特别行政区', lines: [{ skuId: sku.id }] } });
      expect(res.body.error.message).toContain('不支持配送到香港特别行政区');
    });

    it('does not price with another member’s address (404 ADDRESS_NOT_FOUND)', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const alicesAddress = await addressIn(alice, 'xinjiang');
      const res = await quote(bob, { lines: [{ skuId: sku.id, quantity: 1 }], addressId: alicesAddress });
      expect([res.status, res.body.error.code]).toEqual([404, 'ADDRESS_NOT_FOUND']);
    });

    it('a product’s own template is priced on its own and the fees are summed', async () => {
      const bulky = await t
        .request()
        .post('/api/admin/shipping-templates')
        .set(owner.auth)
        .send(
          buildTemplateBody({
            name: '大件',
            isDefault: false,
            basis: 'weight',
            regionRules: [],
            undeliverableProvinceCodes: [],
            defaultRule: buildFeeRule({ firstUnits: 1000, firstFeeFen: 1000, additionalUnits: 500, additionalFeeFen: 300, freeAmountFen: null }),
          }),
        );
      const heavy = await createSellableSku(t, owner.auth, { privatePriceFen: 5000, publicPriceFen: 5900, costPriceFen: 1000, stock: 10 });
      const set = await t
        .request()
        .put(`/api/admin/products/${heavy.productId}/shipping`)
        .set(owner.auth)
        .send({ templateId: bulky.body.id, skuWeights: [{ skuId: heavy.id, weightGrams: 1200 }] });
      expect(set.status).toBe(200);
      const member = await loginMember(t);
      const addressId = await addressIn(member, 'guangdong');
      const res = await quote(member, {
        lines: [
          { skuId: sku.id, quantity: 1 },
          { skuId: heavy.id, quantity: 1 },
        ],
        addressId,
      });
      // ¥8 (standard, ¥30 < ¥99) + ¥13 (1,200 g: 1 kg ¥10 + one started 500 g step ¥3).
      expect(res.body.shippingFeeFen).toBe(800 + 1300);
      expect(res.body.explanation).toContain('多个运费模板分别计算后相加：¥21.00');
    });
  });

  describe('POST /api/orders', () => {
    it('charges the quoted template fee, and refuses an undeliverable address without writing an order', async () => {
      const member = await loginMember(t);
      const addressId = await addressIn(member, 'xinjiang');
      const lines = [{ skuId: sku.id, quantity: 1 }];
      const quoted = await quote(member, { lines, addressId });
      const order = await t
        .request()
        .post('/api/orders')
        .set(member.auth)
        .set('Idempotency-Key', newKey())
        .send({ lines, addressId, expectedPayableFen: quoted.body.payableTotalFen });
      expect(order.status).toBe(201);
      expect(order.body).toMatchObject({ shippingFen: 2000, payableFen: 5000 });

      const hongkong = await addressIn(member, 'hongkong');
      const refused = await t
        .request()
        .post('/api/orders')
        .set(member.auth)
        .set('Idempotency-Key', newKey())
        .send({ lines, addressId: hongkong, expectedPayableFen: 3800 });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'SHIPPING_REGION_UNSUPPORTED']);
      const placed = await t.deps.db.select({ id: orders.id }).from(orders).where(eq(orders.memberId, member.id));
      expect(placed).toHaveLength(1);
    });
  });
});
