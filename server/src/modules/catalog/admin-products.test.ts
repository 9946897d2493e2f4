import { eq } from 'drizzle-orm';
import { adminProductSchema } from '@siyu/shared';
import { auditLog, products, skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, buildSku, createCategory, createProduct, fetchAdminProduct, firstSku, publish, uniq } from './test-factories';

describe.each(testDrivers())('admin products on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const productRow = async (id: number) => (await t.deps.db.select().from(products).where(eq(products.id, id)))[0];

  describe('POST /api/admin/products', () => {
    it('creates a draft with its SKUs and tier prices, keeps price_from_fen, and audits it', async () => {
      const category = await createCategory(t, owner.auth);
      const res = await t
        .request()
        .post('/api/admin/products')
        .set(owner.auth)
        .send({
          categoryId: category.id,
          title: '低脂牛奶 250ml×12',
          role: 'hero',
          images: ['/media/milk-1.jpg'],
          skus: [
            buildSku({ privatePriceFen: 5500, publicPriceFen: 7900, tierPrices: { gold: 5200 } }),
            buildSku({ privatePriceFen: 4900, publicPriceFen: 6900 }),
          ],
        });
      expect(res.status).toBe(201);
      const created = adminProductSchema.parse(res.body);
      expect(created).toMatchObject({ status: 'draft', priceFromFen: 4900, role: 'hero' });
      expect(created.skus.map((sku) => sku.tierPrices)).toEqual([{ gold: 5200 }, {}]);
      expect((await productRow(created.id))?.priceFromFen).toBe(4900);
      const [audit] = await auditRows(t, 'product.create', created.id);
      expect(audit).toMatchObject({ staffId: owner.id, targetType: 'product', after: { title: '低脂牛奶 250ml×12' } });
    });

    it('strips HTML from the markdown description', async () => {
      const product = await createProduct(t, owner.auth, { description: '<script>alert(1)</script>**低脂** <b>好喝</b>' });
      expect(product.description).toBe('alert(1)**低脂** 好喝');
    });

    it('rejects an unknown category with CATEGORY_NOT_FOUND and writes nothing', async () => {
      const title = uniq('无分类');
      const res = await t.request().post('/api/admin/products').set(owner.auth).send({ categoryId: 999_999, title, role: 'hero' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CATEGORY_NOT_FOUND');
      expect(await t.deps.db.select().from(products).where(eq(products.title, title))).toHaveLength(0);
    });

    it('rejects a duplicate barcode with BARCODE_TAKEN and writes nothing (no product, no SKU, no audit)', async () => {
      const barcode = uniq('BC-');
      await createProduct(t, owner.auth, { skus: [buildSku({ barcode })] });
      const title = uniq('重码');
      const category = await createCategory(t, owner.auth);
      const res = await t
        .request()
        .post('/api/admin/products')
        .set(owner.auth)
        .send({
          categoryId: category.id,
          title,
          role: 'hero',
          skus: [buildSku({ barcode: uniq('OK-') }), buildSku({ barcode })],
        });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('BARCODE_TAKEN');
      expect(await t.deps.db.select().from(products).where(eq(products.title, title))).toHaveLength(0);
      const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'product.create'));
      expect(audits.some((row) => JSON.stringify(row.after).includes(title))).toBe(false);
    });

    it.each([
      ['a float price', { skus: [{ ...buildSku(), privatePriceFen: 15.5 }] }, 'body.skus.0.privatePriceFen'],
      ['a negative price', { skus: [{ ...buildSku(), costPriceFen: -1 }] }, 'body.skus.0.costPriceFen'],
      ['a price as a string', { skus: [{ ...buildSku(), publicPriceFen: '2000' }] }, 'body.skus.0.publicPriceFen'],
      ['a private price above the public price', { skus: [buildSku({ privatePriceFen: 2500, publicPriceFen: 2000 })] }, 'body.skus.0.privatePriceFen'],
      ['a float tier price', { skus: [buildSku({ tierPrices: { gold: 9.9 } })] }, 'body.skus.0.tierPrices.gold'],
      ['an unknown tier code', { skus: [buildSku({ tierPrices: { vip: 100 } })] }, 'body.skus.0.tierPrices.vip'],
      ['a negative stock', { skus: [buildSku({ stock: -1 })] }, 'body.skus.0.stock'],
      ['a malformed barcode', { skus: [buildSku({ barcode: 'no spaces!' })] }, 'body.skus.0.barcode'],
      ['SKU specs without values', { skus: [buildSku({ specs: {} })] }, 'body.skus.0.specs'],
      ['an over-long title', { title: '长'.repeat(61) }, 'body.title'],
      ['a missing title', { title: undefined }, 'body.title'],
      ['an unknown role', { role: 'cheap' }, 'body.role'],
      ['a javascript: image URL', { images: ['javascript:alert(1)'] }, 'body.images.0'],
      ['ten images', { images: Array.from({ length: 10 }, (_, i) => `/media/${i}.jpg`) }, 'body.images'],
      ['a float category id', { categoryId: 1.5 }, 'body.categoryId'],
    ])('rejects %s with VALIDATION_FAILED naming the field', async (_label, overrides, field) => {
      const category = await createCategory(t, owner.auth);
      const res = await t
        .request()
        .post('/api/admin/products')
        .set(owner.auth)
        .send({ categoryId: category.id, title: 'x', role: 'hero', ...overrides });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects an unknown field (a status set at creation) with VALIDATION_FAILED naming it', async () => {
      const category = await createCategory(t, owner.auth);
      const res = await t.request().post('/api/admin/products').set(owner.auth).send({ categoryId: category.id, title: 'x', role: 'hero', status: 'on_sale' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details.issues)).toContain('status');
    });
  });

  describe('GET /api/admin/products/:id', () => {
    it('returns the product with cost prices and tier prices of its live SKUs', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ costPriceFen: 700, tierPrices: { diamond: 1200 } })] });
      const fetched = await fetchAdminProduct(t, owner.auth, product.id);
      expect(firstSku(fetched)).toMatchObject({ costPriceFen: 700, tierPrices: { diamond: 1200 } });
    });

    it('answers 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().get('/api/admin/products/999999').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PRODUCT_NOT_FOUND');
    });
  });

  describe('GET /api/admin/products', () => {
    it('filters by category (a top level includes its children), role, status and keyword, newest first', async () => {
      const top = await createCategory(t, owner.auth);
      const child = await createCategory(t, owner.auth, { parentId: top.id });
      const keyword = uniq('kw');
      const a = await createProduct(t, owner.auth, { categoryId: top.id, role: 'traffic', title: `${keyword} A` });
      const b = await createProduct(t, owner.auth, { categoryId: child.id, role: 'profit', subtitle: `含 ${keyword}` });
      await publish(t, owner.auth, b.id);
      const ids = async (query: string) =>
        (await t.request().get(`/api/admin/products?${query}`).set(owner.auth)).body.items.map((item: { id: number }) => item.id);
      expect(await ids(`categoryId=${top.id}`)).toEqual([b.id, a.id]);
      expect(await ids(`categoryId=${child.id}`)).toEqual([b.id]);
      expect(await ids(`categoryId=${top.id}&role=traffic`)).toEqual([a.id]);
      expect(await ids(`categoryId=${top.id}&status=on_sale`)).toEqual([b.id]);
      expect(await ids(`q=${keyword}`)).toEqual([b.id, a.id]);
    });

    it('pages with a cursor without duplicates or gaps', async () => {
      const category = await createCategory(t, owner.auth);
      const created = [];
      for (let i = 0; i < 5; i += 1) created.push((await createProduct(t, owner.auth, { categoryId: category.id })).id);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `categoryId=${category.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request().get(`/api/admin/products?${query}`).set(owner.auth);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((item: { id: number }) => item.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...created].reverse());
    });

    it.each([
      ['an unknown status', 'status=deleted', 'query.status'],
      ['a limit above 100', 'limit=101', 'query.limit'],
      ['an unknown parameter', 'color=red', 'query.color'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, query, field) => {
      const res = await t.request().get(`/api/admin/products?${query}`).set(owner.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects a forged cursor with INVALID_CURSOR', async () => {
      const res = await t.request().get('/api/admin/products?cursor=bm90LWEtY3Vyc29y').set(owner.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });
  });

  describe('PATCH /api/admin/products/:id', () => {
    it('updates fields and audits before and after', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().patch(`/api/admin/products/${product.id}`).set(owner.auth).send({ title: '新标题', role: 'profit' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: '新标题', role: 'profit', status: 'draft' });
      const [audit] = await auditRows(t, 'product.update', product.id);
      expect(audit).toMatchObject({ before: { title: product.title, role: 'hero' }, after: { title: '新标题', role: 'profit' } });
    });

    it('keeps the fields it is not sent (regression: sortOrder was reset to its default)', async () => {
      const product = await createProduct(t, owner.auth, { sortOrder: 7, subtitle: '副标题' });
      const res = await t.request().patch(`/api/admin/products/${product.id}`).set(owner.auth).send({ title: '只改标题' });
      expect(res.body).toMatchObject({ title: '只改标题', sortOrder: 7, subtitle: '副标题' });
    });

    it('moves to an unknown category with CATEGORY_NOT_FOUND and changes nothing', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().patch(`/api/admin/products/${product.id}`).set(owner.auth).send({ categoryId: 999_999, title: '不该变' });
      expect(res.status).toBe(404);
      expect((await productRow(product.id))?.title).toBe(product.title);
      expect(await auditRows(t, 'product.update', product.id)).toHaveLength(0);
    });

    it.each([
      ['a status (publish is its own route)', { status: 'on_sale' }, 'body.status'],
      ['an empty body', {}, 'body'],
      ['an over-long subtitle', { subtitle: 'x'.repeat(121) }, 'body.subtitle'],
      ['a float sort order', { sortOrder: 0.5 }, 'body.sortOrder'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, body, field) => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().patch(`/api/admin/products/${product.id}`).set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });
  });

  describe('DELETE /api/admin/products/:id', () => {
    it('deletes a draft with its SKUs and audits it', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().delete(`/api/admin/products/${product.id}`).set(owner.auth);
      expect(res.status).toBe(204);
      expect(await productRow(product.id)).toBeUndefined();
      expect(await t.deps.db.select().from(skus).where(eq(skus.productId, product.id))).toHaveLength(0);
      expect(await auditRows(t, 'product.delete', product.id)).toHaveLength(1);
    });

    it('refuses a product that is not a draft with PRODUCT_NOT_DRAFT', async () => {
      const product = await createProduct(t, owner.auth);
      await publish(t, owner.auth, product.id);
      const res = await t.request().delete(`/api/admin/products/${product.id}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PRODUCT_NOT_DRAFT');
      expect(await productRow(product.id)).toBeDefined();
      expect(await auditRows(t, 'product.delete', product.id)).toHaveLength(0);
    });

    it('refuses a draft whose stock has a ledger with PRODUCT_HAS_STOCK_HISTORY', async () => {
      const product = await createProduct(t, owner.auth);
      await t
        .request()
        .post(`/api/admin/skus/${firstSku(product).id}/stock-adjustments`)
        .set(owner.auth)
        .send({ delta: 1, reason: '入库' });
      const res = await t.request().delete(`/api/admin/products/${product.id}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PRODUCT_HAS_STOCK_HISTORY');
    });
  });

  describe('POST /api/admin/products/:id/publish and /unpublish', () => {
    it('publishes a draft, unpublishes it to off_sale, and audits both', async () => {
      const product = await createProduct(t, owner.auth);
      const published = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({});
      expect(published.body.status).toBe('on_sale');
      const unpublished = await t.request().post(`/api/admin/products/${product.id}/unpublish`).set(owner.auth);
      expect(unpublished.body.status).toBe('off_sale');
      expect(await auditRows(t, 'product.publish', product.id)).toHaveLength(1);
      expect(await auditRows(t, 'product.unpublish', product.id)).toHaveLength(1);
    });

    it('accepts a publish request without a body', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth);
      expect(res.status).toBe(200);
    });

    it('refuses a product without live SKUs with PRODUCT_HAS_NO_SKUS and keeps it a draft', async () => {
      const product = await createProduct(t, owner.auth, { skus: [] });
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('PRODUCT_HAS_NO_SKUS');
      expect((await productRow(product.id))?.status).toBe('draft');
      expect(await auditRows(t, 'product.publish', product.id)).toHaveLength(0);
    });

    it('rejects a non-boolean confirmBelowCost with VALIDATION_FAILED', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({ confirmBelowCost: 'yes' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('body.confirmBelowCost');
    });

    it('answers 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().post('/api/admin/products/999999/publish').set(owner.auth).send({});
      expect(res.status).toBe(404);
    });
  });
});
