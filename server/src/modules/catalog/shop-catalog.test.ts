import { eq } from 'drizzle-orm';
import { shopProductDetailSchema, shopProductSummarySchema, type ShopProductSummary } from '@siyu/shared';
import { members, products } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createCategory, createOnSaleProduct, createProduct, firstSku, publish, uniq, type Auth } from './test-factories';

type Sort = 'default' | 'sales' | 'price_asc' | 'price_desc';
interface Listed {
  id: number;
  sortOrder: number;
  priceFen: number;
  sales: number;
}

/** Follows nextCursor to the end and returns every id seen, in order. */
async function listAll(t: TestApp, query: string, auth?: Auth): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const request = t.request().get(`/api/products?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    const res = await (auth ? request.set(auth) : request);
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((item: ShopProductSummary) => shopProductSummarySchema.parse(item).id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging did not end');
}

/** The order each sort promises, computed independently of the server. */
function expectedOrder(rows: Listed[], sort: Sort): number[] {
  const by = (key: (row: Listed) => number, direction: 1 | -1) => (a: Listed, b: Listed) => direction * (key(a) - key(b) || a.id - b.id);
  const comparators: Record<Sort, (a: Listed, b: Listed) => number> = {
    default: by((row) => row.sortOrder, 1),
    sales: by((row) => row.sales, -1),
    price_asc: by((row) => row.priceFen, 1),
    price_desc: by((row) => row.priceFen, -1),
  };
  return [...rows].sort(comparators[sort]).map((row) => row.id);
}

describe.each(testDrivers())('shop catalog on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('GET /api/categories', () => {
    it('returns top-level categories with their children, by sort order then id', async () => {
      const second = await createCategory(t, owner.auth, { sortOrder: 9001 });
      const first = await createCategory(t, owner.auth, { sortOrder: 9000 });
      const childB = await createCategory(t, owner.auth, { parentId: first.id, sortOrder: 1 });
      const childA = await createCategory(t, owner.auth, { parentId: first.id, sortOrder: 1 });
      const res = await t.request().get('/api/categories');
      expect(res.status).toBe(200);
      const ids = res.body.items.map((item: { id: number }) => item.id);
      expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
      const node = res.body.items.find((item: { id: number }) => item.id === first.id);
      expect(node.children.map((child: { id: number }) => child.id)).toEqual([childB.id, childA.id]);
    });
  });

  describe('GET /api/products', () => {
    async function seedListing(): Promise<{ categoryId: number; rows: Listed[] }> {
      const category = await createCategory(t, owner.auth);
      const specs = [
        { sortOrder: 2, priceFen: 1500, sales: 10 },
        { sortOrder: 1, priceFen: 900, sales: 50 },
        { sortOrder: 1, priceFen: 1500, sales: 10 },
        { sortOrder: 3, priceFen: 2000, sales: 0 },
        { sortOrder: 2, priceFen: 900, sales: 50 },
        { sortOrder: 1, priceFen: 1500, sales: 10 },
        { sortOrder: 0, priceFen: 1200, sales: 99 },
      ];
      const rows: Listed[] = [];
      for (const spec of specs) {
        const sku = buildSku({ privatePriceFen: spec.priceFen, publicPriceFen: 3000 });
        const product = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, sortOrder: spec.sortOrder, skus: [sku] });
        await t.deps.db.update(products).set({ salesCount: spec.sales }).where(eq(products.id, product.id));
        rows.push({ id: product.id, ...spec });
      }
      await createProduct(t, owner.auth, { categoryId: category.id, title: '草稿不可见' });
      const offSale = await createOnSaleProduct(t, owner.auth, { categoryId: category.id });
      await t.request().post(`/api/admin/products/${offSale.id}/unpublish`).set(owner.auth).expect(200);
      return { categoryId: category.id, rows };
    }

    it.each<Sort>(['default', 'sales', 'price_asc', 'price_desc'])(
      'pages through sort=%s without duplicates or gaps, ties broken by id, on_sale products only',
      async (sort) => {
        const { categoryId, rows } = await seedListing();
        const expected = expectedOrder(rows, sort);
        for (const limit of [1, 2, 3, 50]) {
          expect(await listAll(t, `categoryId=${categoryId}&sort=${sort}&limit=${limit}`)).toEqual(expected);
        }
      },
    );

    it('sorts by the current lowest private price after a SKU price change', async () => {
      const category = await createCategory(t, owner.auth);
      const a = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, skus: [buildSku({ privatePriceFen: 1000 })] });
      const b = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, skus: [buildSku({ privatePriceFen: 1200 })] });
      expect(await listAll(t, `categoryId=${category.id}&sort=price_asc`)).toEqual([a.id, b.id]);
      await t
        .request()
        .patch(`/api/admin/skus/${firstSku(b).id}`)
        .set(owner.auth)
        .send({ privatePriceFen: 900 })
        .expect(200);
      expect(await listAll(t, `categoryId=${category.id}&sort=price_asc`)).toEqual([b.id, a.id]);
    });

    it('includes the products of child categories when filtering by a top-level category', async () => {
      const top = await createCategory(t, owner.auth);
      const child = await createCategory(t, owner.auth, { parentId: top.id });
      const inTop = await createOnSaleProduct(t, owner.auth, { categoryId: top.id });
      const inChild = await createOnSaleProduct(t, owner.auth, { categoryId: child.id });
      expect((await listAll(t, `categoryId=${top.id}`)).sort()).toEqual([inTop.id, inChild.id].sort());
      expect(await listAll(t, `categoryId=${child.id}`)).toEqual([inChild.id]);
    });

    it('searches title and subtitle case-insensitively, treating %, _ and \\ literally', async () => {
      const tok = uniq('q');
      const category = await createCategory(t, owner.auth);
      const make = async (title: string, subtitle = '') => (await createOnSaleProduct(t, owner.auth, { categoryId: category.id, title, subtitle })).id;
      const underscore = await make(`${tok}_x 燕麦`);
      await make(`${tok}ax 燕麦`);
      const percent = await make(`${tok} 100%纯`);
      await make(`${tok} 100克纯`);
      const backslash = await make(`${tok} a\\b`);
      await make(`${tok} ab`);
      const inSubtitle = await make('低脂牛奶', `${tok}MILK 特价`);
      const search = (q: string) => listAll(t, `q=${encodeURIComponent(q)}`);
      expect(await search(`${tok}_x`)).toEqual([underscore]);
      expect(await search(`${tok} 100%`)).toEqual([percent]);
      expect(await search(`${tok} a\\b`)).toEqual([backslash]);
      expect(await search(`${tok}milk`)).toEqual([inSubtitle]);
    });

    it('rejects a forged cursor and a cursor of another sort with INVALID_CURSOR', async () => {
      const garbage = await t.request().get('/api/products?cursor=not-a-cursor');
      expect(garbage.status).toBe(400);
      expect(garbage.body.error.code).toBe('INVALID_CURSOR');
      const category = await createCategory(t, owner.auth);
      for (let i = 0; i < 2; i += 1) await createOnSaleProduct(t, owner.auth, { categoryId: category.id });
      const page = await t.request().get(`/api/products?categoryId=${category.id}&sort=price_asc&limit=1`);
      const mixed = await t.request().get(`/api/products?categoryId=${category.id}&sort=sales&cursor=${page.body.nextCursor}`);
      expect(mixed.status).toBe(400);
      expect(mixed.body.error.code).toBe('INVALID_CURSOR');
    });

    it.each([
      ['an unknown sort', 'sort=cheapest', 'query.sort'],
      ['a limit above 50', 'limit=51', 'query.limit'],
      ['a non-numeric category', 'categoryId=milk', 'query.categoryId'],
      ['an over-long keyword', `q=${'x'.repeat(41)}`, 'query.q'],
      ['an unknown parameter', 'status=draft', 'query.status'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, query, field) => {
      const res = await t.request().get(`/api/products?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('answers 401 to an invalid member token so the client refreshes it', async () => {
      const res = await t.request().get('/api/products').set({ Authorization: 'Bearer not.a.valid-token' });
      expect(res.status).toBe(401);
    });

    it('marks a product sold out only when every SKU has no stock', async () => {
      const category = await createCategory(t, owner.auth);
      const soldOut = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, skus: [buildSku({ stock: 0 }), buildSku({ stock: 0 })] });
      const partly = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, skus: [buildSku({ stock: 0 }), buildSku({ stock: 1 })] });
      const res = await t.request().get(`/api/products?categoryId=${category.id}`);
      const byId = new Map(res.body.items.map((item: ShopProductSummary) => [item.id, item.isSoldOut]));
      expect(byId.get(soldOut.id)).toBe(true);
      expect(byId.get(partly.id)).toBe(false);
    });
  });

  describe('member prices', () => {
    async function tieredProduct() {
      const category = await createCategory(t, owner.auth);
      const product = await createOnSaleProduct(t, owner.auth, {
        categoryId: category.id,
        skus: [
          buildSku({ publicPriceFen: 8000, privatePriceFen: 5000, costPriceFen: 3000, tierPrices: { gold: 4000 } }),
          buildSku({ publicPriceFen: 6000, privatePriceFen: 4500, costPriceFen: 3000 }),
        ],
      });
      return { categoryId: category.id, product };
    }
    const summaryOf = async (categoryId: number, auth?: Auth) => {
      const request = t.request().get(`/api/products?categoryId=${categoryId}`);
      return (await (auth ? request.set(auth) : request)).body.items[0];
    };

    it('shows a guest the lowest private price with its public price and saving', async () => {
      const { categoryId } = await tieredProduct();
      expect(await summaryOf(categoryId)).toMatchObject({ priceFen: 4500, publicPriceFen: 6000, savingFen: 1500 });
    });

    it('shows a bronze member the private price (no bronze tier price)', async () => {
      const { categoryId } = await tieredProduct();
      const member = await loginMember(t);
      expect(await summaryOf(categoryId, member.auth)).toMatchObject({ priceFen: 4500 });
    });

    it('shows a member whose tier is gold the gold price, in the list and on the product page', async () => {
      const { categoryId, product } = await tieredProduct();
      const member = await loginMember(t);
      await t.deps.db.update(members).set({ tierCode: 'gold' }).where(eq(members.id, member.id));
      expect(await summaryOf(categoryId, member.auth)).toMatchObject({ priceFen: 4000, publicPriceFen: 8000, savingFen: 4000 });
      const detail = shopProductDetailSchema.parse((await t.request().get(`/api/products/${product.id}`).set(member.auth)).body);
      expect(detail.skus.map((sku) => [sku.priceFen, sku.priceSource, sku.savingFen])).toEqual([
        [4000, 'tier', 4000],
        [4500, 'private', 1500],
      ]);
    });
  });

  describe('GET /api/products/:id', () => {
    it('shows live SKUs with resolved prices, spec options in first-seen order, and no cost price', async () => {
      const product = await createOnSaleProduct(t, owner.auth, {
        images: ['/media/a.jpg', '/media/b.jpg'],
        skus: [
          buildSku({ specs: { 口味: '原味', 规格: '小杯' } }),
          buildSku({ specs: { 口味: '蓝莓', 规格: '小杯' } }),
          buildSku({ specs: { 口味: '原味', 规格: '大杯' }, stock: 0 }),
          buildSku({ specs: { 口味: '芒果', 规格: '大杯' } }),
        ],
      });
      await t.request().delete(`/api/admin/skus/${product.skus[3]?.id}`).set(owner.auth).expect(204);
      const res = await t.request().get(`/api/products/${product.id}`);
      expect(res.status).toBe(200);
      const detail = shopProductDetailSchema.parse(res.body);
      expect(JSON.stringify(res.body)).not.toMatch(/cost/i);
      expect(detail.image).toBe('/media/a.jpg');
      expect(detail.skus.map((sku) => sku.id)).toEqual(product.skus.slice(0, 3).map((sku) => sku.id));
      expect(detail.skus.map((sku) => sku.isSoldOut)).toEqual([false, false, true]);
      const options = Object.fromEntries(detail.specOptions.map((option) => [option.name, option.values]));
      expect(options).toEqual({ 口味: ['原味', '蓝莓'], 规格: ['小杯', '大杯'] });
    });

    it.each(['draft', 'off_sale'] as const)('answers 404 PRODUCT_NOT_FOUND for a %s product', async (status) => {
      const product = await createProduct(t, owner.auth);
      if (status === 'off_sale') {
        await publish(t, owner.auth, product.id);
        await t.request().post(`/api/admin/products/${product.id}/unpublish`).set(owner.auth).expect(200);
      }
      const res = await t.request().get(`/api/products/${product.id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PRODUCT_NOT_FOUND');
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expect((await t.request().get('/api/products/999999')).status).toBe(404);
      const res = await t.request().get('/api/products/0');
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('params.id');
    });
  });
});
