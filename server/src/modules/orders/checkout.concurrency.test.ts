import { eq, sql } from 'drizzle-orm';
import { orders, skus, stockMovements } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey } from './test-factories';

const BUYERS = 500;
const UNITS = 100;

describe.each(concurrencyDrivers())('checkout under contention on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  const order = (member: TestMember, addressId: number, skuId: number, quantity: number, expectedPayableFen: number, key = newKey()) =>
    t
      .request()
      .post('/api/orders')
      .set(member.auth)
      .set('Idempotency-Key', key)
      .send({ lines: [{ skuId, quantity }], addressId, expectedPayableFen });

  it(`${BUYERS} buyers for ${UNITS} units: exactly ${UNITS} orders, stock 0, an exact ledger`, async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: UNITS, privatePriceFen: 990, publicPriceFen: 1990 });
    const buyers = await Promise.all(
      Array.from({ length: BUYERS }, async () => {
        const member = await createMemberDirect(t);
        return { member, addressId: await createAddress(t, member) };
      }),
    );
    const results = await Promise.all(buyers.map(({ member, addressId }) => order(member, addressId, sku.id, 1, 990 + 800)));
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(UNITS);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.error.code === 'ORDER_STOCK_INSUFFICIENT')).toBe(true);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    const [row] = await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id));
    expect(row?.stock).toBe(0);
    const [ledger] = await t.deps.db
      .select({ sum: sql<number>`coalesce(sum(${stockMovements.delta}), 0)::int`, count: sql<number>`count(*)::int` })
      .from(stockMovements)
      .where(eq(stockMovements.skuId, sku.id));
    expect(ledger).toEqual({ sum: -UNITS, count: UNITS });
  }, 180_000);

  it('the same Idempotency-Key sent 50 times in parallel makes one order', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 100 });
    const member = await createMemberDirect(t);
    const addressId = await createAddress(t, member);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => order(member, addressId, sku.id, 1, 1500 + 800, key)));
    const ids = new Set(results.map((res) => res.body.id));
    expect(results.every((res) => res.status === 201 || res.status === 200)).toBe(true);
    expect(results.filter((res) => res.status === 201)).toHaveLength(1);
    expect(ids.size).toBe(1);
    expect(await t.deps.db.$count(orders, eq(orders.memberId, member.id))).toBe(1);
    const [row] = await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id));
    expect(row?.stock).toBe(99);
  }, 60_000);

  it('30 parallel orders by one member never pass the purchase limit of 3', async () => {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: 100, purchaseLimit: 3 });
    const member = await createMemberDirect(t);
    const addressId = await createAddress(t, member);
    const results = await Promise.all(Array.from({ length: 30 }, () => order(member, addressId, sku.id, 1, 1500 + 800)));
    expect(results.filter((res) => res.status === 201)).toHaveLength(3);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.error.code === 'ORDER_LIMIT_EXCEEDED')).toBe(true);
    const [row] = await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id));
    expect(row?.stock).toBe(97);
  }, 60_000);
});
