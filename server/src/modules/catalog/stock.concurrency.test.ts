import { eq, sum } from 'drizzle-orm';
import { skus, stockMovements } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createProduct, firstSku } from './test-factories';

/** Only a PostgreSQL server can run transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('stock adjustments under concurrency on %s', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    operator = await createStaff(t, 'operator');
  });
  afterAll(() => t.close());

  const skuWithStock = async (stock: number) => firstSku(await createProduct(t, operator.auth, { skus: [buildSku({ stock })] }));
  const adjust = (skuId: number, delta: number) =>
    t.request().post(`/api/admin/skus/${skuId}/stock-adjustments`).set(operator.auth).send({ delta, reason: '并发测试' });
  const ledger = async (skuId: number) => {
    const [row] = await t.deps.db
      .select({ total: sum(stockMovements.delta) })
      .from(stockMovements)
      .where(eq(stockMovements.skuId, skuId));
    return Number(row?.total ?? 0);
  };
  const stockOf = async (skuId: number) => (await t.deps.db.select().from(skus).where(eq(skus.id, skuId)))[0]?.stock;

  describe('POST /api/admin/skus/:id/stock-adjustments', () => {
    it('applies 200 parallel mixed adjustments exactly: stock = initial + Σ successful deltas = initial + Σ ledger', async () => {
      const initial = 20;
      const sku = await skuWithStock(initial);
      // Decrements outweigh increments, so some must be refused depending on the interleaving.
      const deltas = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 4 : -(1 + (i % 5))));
      const responses = await Promise.all(deltas.map((delta) => adjust(sku.id, delta)));
      const applied = deltas.filter((_, i) => responses[i]?.status === 201);
      const refused = responses.filter((res) => res.status !== 201);
      expect(refused.every((res) => res.status === 409 && res.body.error.code === 'STOCK_INSUFFICIENT')).toBe(true);
      expect(refused.length).toBeGreaterThan(0);
      const appliedSum = applied.reduce((total, delta) => total + delta, 0);
      expect(await stockOf(sku.id)).toBe(initial + appliedSum);
      expect(await ledger(sku.id)).toBe(appliedSum);
      const afters = responses.filter((res) => res.status === 201).map((res) => res.body.stockAfter as number);
      expect(Math.min(...afters)).toBeGreaterThanOrEqual(0);
    });

    it('lets exactly floor(stock / q) of 40 parallel decrements of q succeed', async () => {
      const stock = 30;
      const q = 4;
      const sku = await skuWithStock(stock);
      const responses = await Promise.all(Array.from({ length: 40 }, () => adjust(sku.id, -q)));
      const succeeded = responses.filter((res) => res.status === 201);
      const refused = responses.filter((res) => res.status === 409 && res.body.error.code === 'STOCK_INSUFFICIENT');
      expect(succeeded).toHaveLength(Math.floor(stock / q));
      expect(refused).toHaveLength(40 - Math.floor(stock / q));
      expect(await stockOf(sku.id)).toBe(stock % q);
      expect(await ledger(sku.id)).toBe(-q * Math.floor(stock / q));
    });
  });
});
