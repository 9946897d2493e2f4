import { eq } from 'drizzle-orm';
import { skus, stockMovements } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, buildSku, createProduct, firstSku } from './test-factories';

describe.each(testDrivers())('stock on %s', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    operator = await createStaff(t, 'operator');
  });
  afterAll(() => t.close());

  const skuWithStock = async (stock: number) => firstSku(await createProduct(t, operator.auth, { skus: [buildSku({ stock })] }));
  const stockOf = async (id: number) => (await t.deps.db.select().from(skus).where(eq(skus.id, id)))[0]?.stock;
  const movementsOf = (id: number) => t.deps.db.select().from(stockMovements).where(eq(stockMovements.skuId, id));
  const adjust = (skuId: number, body: object) => t.request().post(`/api/admin/skus/${skuId}/stock-adjustments`).set(operator.auth).send(body);

  describe('POST /api/admin/skus/:id/stock-adjustments', () => {
    it('moves the stock and writes its ledger entry and audit row', async () => {
      const sku = await skuWithStock(10);
      const res = await adjust(sku.id, { delta: -4, reason: '破损报废' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ skuId: sku.id, delta: -4, stockAfter: 6, reason: '破损报废', staffId: operator.id });
      expect(await stockOf(sku.id)).toBe(6);
      expect(await movementsOf(sku.id)).toHaveLength(1);
      const [audit] = await auditRows(t, 'sku.stock_adjust', sku.id);
      expect(audit).toMatchObject({ staffId: operator.id, before: { stock: 10 }, after: { stock: 6, delta: -4 } });
    });

    it('takes the stock exactly to zero', async () => {
      const sku = await skuWithStock(3);
      expect((await adjust(sku.id, { delta: -3, reason: '清仓' })).body.stockAfter).toBe(0);
    });

    it('refuses to go below zero with STOCK_INSUFFICIENT and writes nothing', async () => {
      const sku = await skuWithStock(2);
      const res = await adjust(sku.id, { delta: -3, reason: '出库' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('STOCK_INSUFFICIENT');
      expect(res.body.error.details).toEqual({ skuId: sku.id, stock: 2, delta: -3 });
      expect(await stockOf(sku.id)).toBe(2);
      expect(await movementsOf(sku.id)).toHaveLength(0);
      expect(await auditRows(t, 'sku.stock_adjust', sku.id)).toHaveLength(0);
    });

    it('answers 404 SKU_NOT_FOUND for a deleted SKU', async () => {
      const product = await createProduct(t, operator.auth, { skus: [buildSku(), buildSku()] });
      const sku = firstSku(product);
      await t.request().delete(`/api/admin/skus/${sku.id}`).set(operator.auth).expect(204);
      const res = await adjust(sku.id, { delta: 1, reason: '入库' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SKU_NOT_FOUND');
    });

    it.each([
      ['a zero delta', { delta: 0, reason: '盘点' }, 'body.delta'],
      ['a float delta', { delta: 1.5, reason: '盘点' }, 'body.delta'],
      ['a delta as a string', { delta: '5', reason: '盘点' }, 'body.delta'],
      ['a missing reason', { delta: 5 }, 'body.reason'],
      ['an over-long reason', { delta: 5, reason: '因'.repeat(101) }, 'body.reason'],
      ['an unknown field', { delta: 5, reason: '盘点', stock: 100 }, 'body.stock'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, body, field) => {
      const sku = await skuWithStock(5);
      const res = await adjust(sku.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
      expect(await stockOf(sku.id)).toBe(5);
    });
  });

  describe('GET /api/admin/skus/:id/stock-movements', () => {
    it('lists movements newest first across pages without duplicates or gaps', async () => {
      const sku = await skuWithStock(0);
      for (const delta of [5, -1, 3, -2, 4]) await adjust(sku.id, { delta, reason: `调整${delta}` }).expect(201);
      const deltas: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const res = await t.request().get(`/api/admin/skus/${sku.id}/stock-movements${query}`).set(operator.auth);
        expect(res.status).toBe(200);
        deltas.push(...res.body.items.map((item: { delta: number }) => item.delta));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(deltas).toEqual([4, -2, 3, -1, 5]);
    });

    it('answers 404 SKU_NOT_FOUND for an unknown SKU and 400 INVALID_CURSOR for a forged cursor', async () => {
      expect((await t.request().get('/api/admin/skus/999999/stock-movements').set(operator.auth)).status).toBe(404);
      const sku = await skuWithStock(1);
      const res = await t.request().get(`/api/admin/skus/${sku.id}/stock-movements?cursor=WyJ4Il0`).set(operator.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });

    it('rejects a limit of 0 with VALIDATION_FAILED on query.limit', async () => {
      const sku = await skuWithStock(1);
      const res = await t.request().get(`/api/admin/skus/${sku.id}/stock-movements?limit=0`).set(operator.auth);
      expect(res.body.error.details.issues[0].field).toBe('query.limit');
    });
  });
});
