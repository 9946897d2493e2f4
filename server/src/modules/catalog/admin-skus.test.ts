import { eq } from 'drizzle-orm';
import { products, skus, skuTierPrices } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { addSku, auditRows, buildSku, createOnSaleProduct, createProduct, fetchAdminProduct, firstSku, uniq } from './test-factories';

describe.each(testDrivers())('admin SKUs on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const priceFrom = async (productId: number) => (await t.deps.db.select().from(products).where(eq(products.id, productId)))[0]?.priceFromFen;
  const skuRow = async (id: number) => (await t.deps.db.select().from(skus).where(eq(skus.id, id)))[0];

  describe('POST /api/admin/products/:id/skus', () => {
    it('adds a SKU, lowers price_from_fen in the same transaction, and audits it', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ privatePriceFen: 1500 })] });
      const sku = await addSku(t, owner.auth, product.id, { privatePriceFen: 1200, tierPrices: { platinum: 1100 } });
      expect(sku).toMatchObject({ productId: product.id, privatePriceFen: 1200, tierPrices: { platinum: 1100 } });
      expect(await priceFrom(product.id)).toBe(1200);
      const [audit] = await auditRows(t, 'sku.create', sku.id);
      expect(audit).toMatchObject({ targetType: 'sku', after: { privatePriceFen: 1200 } });
    });

    it('rejects a barcode used by another live SKU with BARCODE_TAKEN', async () => {
      const barcode = uniq('B-');
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ barcode })] });
      const res = await t.request().post(`/api/admin/products/${product.id}/skus`).set(owner.auth).send(buildSku({ barcode }));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('BARCODE_TAKEN');
      expect((await fetchAdminProduct(t, owner.auth, product.id)).skus).toHaveLength(1);
    });

    it('reuses the barcode of a deleted SKU', async () => {
      const barcode = uniq('R-');
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ barcode }), buildSku()] });
      await t
        .request()
        .delete(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth)
        .expect(204);
      const res = await t.request().post(`/api/admin/products/${product.id}/skus`).set(owner.auth).send(buildSku({ barcode }));
      expect(res.status).toBe(201);
    });

    it('answers 404 PRODUCT_NOT_FOUND for an unknown product', async () => {
      const res = await t.request().post('/api/admin/products/999999/skus').set(owner.auth).send(buildSku());
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PRODUCT_NOT_FOUND');
    });

    it.each([
      ['a float private price', { privatePriceFen: 9.9 }, 'body.privatePriceFen'],
      ['a negative public price', { publicPriceFen: -100 }, 'body.publicPriceFen'],
      ['a cost price as a string', { costPriceFen: '800' }, 'body.costPriceFen'],
      ['a price above the maximum', { publicPriceFen: 1_000_000_001 }, 'body.publicPriceFen'],
      ['a private price above the public price', { privatePriceFen: 3000 }, 'body.privatePriceFen'],
      ['a zero purchase limit', { purchaseLimit: 0 }, 'body.purchaseLimit'],
      ['an over-long spec value', { specs: { 规格: 'x'.repeat(21) } }, 'body.specs.规格'],
      ['six spec values', { specs: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }, 'body.specs'],
      ['an unknown field', { weightGrams: 250 }, 'body.weightGrams'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, overrides, field) => {
      const product = await createProduct(t, owner.auth);
      const res = await t
        .request()
        .post(`/api/admin/products/${product.id}/skus`)
        .set(owner.auth)
        .send({ ...buildSku(), ...overrides });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });
  });

  describe('PATCH /api/admin/skus/:id', () => {
    it('changes prices, replaces tier prices, keeps price_from_fen, and audits before and after', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ privatePriceFen: 1500, tierPrices: { gold: 1400, diamond: 1300 } })] });
      const sku = firstSku(product);
      const res = await t
        .request()
        .patch(`/api/admin/skus/${sku.id}`)
        .set(owner.auth)
        .send({ privatePriceFen: 1000, tierPrices: { silver: 950 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ privatePriceFen: 1000, tierPrices: { silver: 950 } });
      expect(await t.deps.db.select().from(skuTierPrices).where(eq(skuTierPrices.skuId, sku.id))).toHaveLength(1);
      expect(await priceFrom(product.id)).toBe(1000);
      const [audit] = await auditRows(t, 'sku.update', sku.id);
      expect(audit).toMatchObject({ before: { privatePriceFen: 1500 }, after: { privatePriceFen: 1000 } });
    });

    it('keeps the barcode and limit it is not sent (regression: barcode was reset to null)', async () => {
      const barcode = uniq('K-');
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ barcode, purchaseLimit: 3 })] });
      const res = await t
        .request()
        .patch(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth)
        .send({ specs: { 规格: '大包' } });
      expect(res.body).toMatchObject({ barcode, purchaseLimit: 3, specs: { 规格: '大包' } });
    });

    it('refuses a private price above the stored public price with VALIDATION_FAILED on body.privatePriceFen', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 2000 })] });
      const sku = firstSku(product);
      const res = await t.request().patch(`/api/admin/skus/${sku.id}`).set(owner.auth).send({ privatePriceFen: 2100 });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('body.privatePriceFen');
      expect((await skuRow(sku.id))?.privatePriceFen).toBe(sku.privatePriceFen);
    });

    it('rejects a barcode taken by another SKU with BARCODE_TAKEN and changes nothing', async () => {
      const barcode = uniq('T-');
      await createProduct(t, owner.auth, { skus: [buildSku({ barcode })] });
      const product = await createProduct(t, owner.auth);
      const sku = firstSku(product);
      const res = await t.request().patch(`/api/admin/skus/${sku.id}`).set(owner.auth).send({ barcode, privatePriceFen: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('BARCODE_TAKEN');
      expect(await skuRow(sku.id)).toMatchObject({ barcode: null, privatePriceFen: sku.privatePriceFen });
      expect(await auditRows(t, 'sku.update', sku.id)).toHaveLength(0);
    });

    it.each([
      ['a stock change (stock moves only through adjustments)', { stock: 99 }, 'body.stock'],
      ['only a confirmation', { confirmBelowCost: true }, 'body'],
      ['a float cost price', { costPriceFen: 1.25 }, 'body.costPriceFen'],
      ['a negative tier price', { tierPrices: { gold: -1 } }, 'body.tierPrices.gold'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, body, field) => {
      const product = await createProduct(t, owner.auth);
      const res = await t
        .request()
        .patch(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('answers 404 SKU_NOT_FOUND for a deleted SKU', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku(), buildSku()] });
      const sku = firstSku(product);
      await t.request().delete(`/api/admin/skus/${sku.id}`).set(owner.auth).expect(204);
      const res = await t.request().patch(`/api/admin/skus/${sku.id}`).set(owner.auth).send({ privatePriceFen: 100 });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SKU_NOT_FOUND');
    });
  });

  describe('DELETE /api/admin/skus/:id', () => {
    it('soft-deletes the SKU, raises price_from_fen, and audits it', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ privatePriceFen: 900 }), buildSku({ privatePriceFen: 1500 })] });
      const cheap = firstSku(product);
      expect(await priceFrom(product.id)).toBe(900);
      await t.request().delete(`/api/admin/skus/${cheap.id}`).set(owner.auth).expect(204);
      expect((await skuRow(cheap.id))?.deletedAt).toBeInstanceOf(Date);
      expect(await priceFrom(product.id)).toBe(1500);
      expect((await fetchAdminProduct(t, owner.auth, product.id)).skus.map((sku) => sku.id)).not.toContain(cheap.id);
      expect(await auditRows(t, 'sku.delete', cheap.id)).toHaveLength(1);
    });

    it('refuses the last live SKU of an on_sale product with PRODUCT_HAS_NO_SKUS', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const res = await t
        .request()
        .delete(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PRODUCT_HAS_NO_SKUS');
      expect((await skuRow(firstSku(product).id))?.deletedAt).toBeNull();
    });

    it('clears price_from_fen when a draft loses its last SKU', async () => {
      const product = await createProduct(t, owner.auth);
      await t
        .request()
        .delete(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth)
        .expect(204);
      expect(await priceFrom(product.id)).toBeNull();
    });
  });
});
