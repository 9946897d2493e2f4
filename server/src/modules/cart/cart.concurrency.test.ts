import { CART_MAX_LINES } from '@siyu/shared';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { cartRowsOf, createSellableSku, fillCart, insertSkus } from './test-helpers';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('cart under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let member: TestMember;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  beforeEach(async () => {
    member = await loginMember(t);
  });
  afterAll(() => t.close());

  const add = (skuId: number, quantity: number) => t.request().post('/api/cart/items').set(member.auth).send({ skuId, quantity });

  describe('POST /api/cart/items', () => {
    it('lets exactly `limit` of 40 parallel single adds succeed, on one line', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 500, purchaseLimit: 5 });
      const responses = await Promise.all(Array.from({ length: 40 }, () => add(sku.id, 1)));
      expect(responses.filter((res) => res.status === 200)).toHaveLength(5);
      const refused = responses.filter((res) => res.status !== 200);
      expect(refused.every((res) => res.status === 409 && res.body.error.code === 'CART_QUANTITY_EXCEEDS_LIMIT')).toBe(true);
      const rows = await cartRowsOf(t, member.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.quantity).toBe(5);
    });

    it('lets exactly floor(stock / q) of 30 parallel adds of q succeed', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 7 });
      const responses = await Promise.all(Array.from({ length: 30 }, () => add(sku.id, 2)));
      expect(responses.filter((res) => res.status === 200)).toHaveLength(3);
      expect(responses.filter((res) => res.status === 409 && res.body.error.code === 'CART_QUANTITY_EXCEEDS_STOCK')).toHaveLength(27);
      const rows = await cartRowsOf(t, member.id);
      expect(rows.map((row) => row.quantity)).toEqual([6]);
    });

    it('never lets parallel adds of different SKUs grow a cart past the line cap', async () => {
      const first = await createSellableSku(t, owner.auth, { stock: 50 });
      const bulk = await insertSkus(t, first.productId, CART_MAX_LINES + 8);
      await fillCart(t, member.id, bulk.slice(0, CART_MAX_LINES - 2));
      const responses = await Promise.all(bulk.slice(CART_MAX_LINES - 2).map((skuId) => add(skuId, 1)));
      expect(responses.filter((res) => res.status === 200)).toHaveLength(2);
      expect(responses.filter((res) => res.status === 409 && res.body.error.code === 'CART_TOO_MANY_LINES')).toHaveLength(8);
      expect(await cartRowsOf(t, member.id)).toHaveLength(CART_MAX_LINES);
    });
  });
});
