import { and, eq } from 'drizzle-orm';
import { adminProductSchema, catalogImportReportSchema, parseCsv, UTF8_BOM, type StaffRole } from '@siyu/shared';
import { auditLog, products } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createCategoryPath, createProduct, importCsv, newProductRow, uniq, type Auth, type ImportRow } from './test-helpers';

describe.each(testDrivers())('catalog CSV on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let category: Awaited<ReturnType<typeof createCategoryPath>>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    category = await createCategoryPath(t, owner.auth);
  });
  afterAll(() => t.close());

  const postImport = (auth: Auth, csv: string, mode: string, dryRun = false) =>
    t.request().post('/api/admin/catalog/import').set(auth).send({ csv, mode, dryRun });
  const importOk = async (csv: string, mode: 'all_or_nothing' | 'valid_rows_only', dryRun = false, auth: Auth = owner.auth) => {
    const res = await postImport(auth, csv, mode, dryRun);
    expect(res.status).toBe(200);
    return catalogImportReportSchema.parse(res.body);
  };
  const productsTitled = (title: string) => t.deps.db.select().from(products).where(eq(products.title, title));
  const importAudits = () => t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'catalog.import'));
  const fetchProduct = async (id: number) => adminProductSchema.parse((await t.request().get(`/api/admin/products/${id}`).set(owner.auth).expect(200)).body);

  describe('GET /api/admin/catalog/export.csv', () => {
    it('writes products × SKUs as UTF-8 CSV with a BOM and yuan prices from integer fen', async () => {
      const product = await createProduct(t, owner.auth, category.child.id, [
        { publicPriceFen: 1990, privatePriceFen: 1001, costPriceFen: 10, tierPrices: { gold: 990 }, barcode: uniq('bc') },
        { publicPriceFen: 30, privatePriceFen: 30, costPriceFen: 0, purchaseLimit: 2 },
      ]);
      const res = await t
        .request()
        .get('/api/admin/catalog/export.csv')
        .query({ q: product.title })
        .set(owner.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (chunk: Buffer) => chunks.push(chunk));
          r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="catalog-\d{8}-\d{4}\.csv"; filename\*=UTF-8''/);
      const text = res.body as string;
      expect(text.startsWith(UTF8_BOM)).toBe(true);
      const [header = [], ...rows] = parseCsv(text);
      const col = (row: string[], key: string) => row[header.indexOf(key)];
      expect(rows).toHaveLength(2);
      const [first = [], second = []] = rows;
      expect([col(first, 'product_id'), col(first, 'category'), col(first, 'status'), col(first, 'sku_id')]).toEqual([
        String(product.id),
        category.path,
        'draft',
        String(product.skus[0]?.id),
      ]);
      expect([col(first, 'public_price'), col(first, 'private_price'), col(first, 'cost_price'), col(first, 'tier_gold')]).toEqual([
        '19.90',
        '10.01',
        '0.10',
        '9.90',
      ]);
      expect([col(second, 'public_price'), col(second, 'cost_price'), col(second, 'purchase_limit'), col(second, 'tier_gold')]).toEqual([
        '0.30',
        '0.00',
        '2',
        '',
      ]);
    });

    it('lets every role that reads the catalog export, and refuses a request without a token', async () => {
      for (const role of ['operator', 'service', 'analyst'] as StaffRole[]) {
        const staff = await createStaff(t, role);
        expect((await t.request().get('/api/admin/catalog/export.csv').set(staff.auth)).status).toBe(200);
      }
      const anonymous = await t.request().get('/api/admin/catalog/export.csv');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('POST /api/admin/catalog/import', () => {
    it('creates a draft product with a SKU per row, prices typed in yuan stored as exact fen', async () => {
      const title = uniq('导入');
      const report = await importOk(
        importCsv(
          newProductRow(title, category.path, { public_price: '0.3', private_price: '0.2', cost_price: '0.1', tier_gold: '0.1' }),
          newProductRow(title, category.path, { stock: '' }),
        ),
        'all_or_nothing',
      );
      expect(report).toMatchObject({ committed: true, summary: { rows: 2, valid: 2, invalid: 0, createdProducts: 1, createdSkus: 2 } });
      expect(report.rows.map((row) => [row.row, row.status, row.action])).toEqual([
        [2, 'imported', 'create_product'],
        [3, 'imported', 'create_product'],
      ]);
      const product = await fetchProduct(report.rows[0]?.productId ?? 0);
      expect(product).toMatchObject({ title, status: 'draft', categoryId: category.child.id, role: 'hero' });
      expect(product.skus.map((sku) => [sku.publicPriceFen, sku.privatePriceFen, sku.costPriceFen, sku.tierPrices, sku.stock])).toEqual([
        [30, 20, 10, { gold: 10 }, 10],
        [1990, 1290, 650, {}, 0],
      ]);
      const [audit] = await importAudits().then((rows) => rows.filter((row) => (row.after as { productIds?: number[] }).productIds?.includes(product.id)));
      expect(audit).toMatchObject({ staffId: owner.id, targetType: 'catalog', after: { mode: 'all_or_nothing', createdProducts: 1, createdSkus: 2 } });
    });

    it('all_or_nothing: one bad row is reported by column and nothing at all is written', async () => {
      const good = uniq('好');
      const bad = uniq('坏');
      const auditsBefore = (await importAudits()).length;
      const report = await importOk(
        importCsv(newProductRow(good, category.path), newProductRow(bad, category.path, { private_price: '12.999', barcode: 'x' })),
        'all_or_nothing',
      );
      expect(report.committed).toBe(false);
      expect(report.summary).toMatchObject({ rows: 2, valid: 1, invalid: 1, createdProducts: 0, createdSkus: 0 });
      expect(report.rows[0]).toMatchObject({ row: 2, status: 'not_imported', productId: null, skuId: null, errors: [] });
      expect(report.rows[1]).toMatchObject({ row: 3, status: 'invalid' });
      expect(report.rows[1]?.errors).toEqual(
        expect.arrayContaining([
          { column: 'private_price', message: expect.stringContaining('最多两位小数') },
          { column: 'barcode', message: expect.stringContaining('条码') },
        ]),
      );
      expect(await productsTitled(good)).toHaveLength(0);
      expect(await productsTitled(bad)).toHaveLength(0);
      expect(await importAudits()).toHaveLength(auditsBefore);
    });

    it('valid_rows_only, chosen explicitly: writes the valid rows and reports the bad one', async () => {
      const good = uniq('好');
      const bad = uniq('坏');
      const report = await importOk(importCsv(newProductRow(good, category.path), newProductRow(bad, '没有这个分类')), 'valid_rows_only');
      expect(report).toMatchObject({ committed: true, summary: { valid: 1, invalid: 1, createdProducts: 1, createdSkus: 1 } });
      expect(report.rows[1]).toMatchObject({ status: 'invalid', errors: [{ column: 'category', message: expect.stringContaining('不存在') }] });
      expect(await productsTitled(good)).toHaveLength(1);
      expect(await productsTitled(bad)).toHaveLength(0);
    });

    it('a dry run checks every row against the database and writes nothing', async () => {
      const title = uniq('试');
      const report = await importOk(importCsv(newProductRow(title, category.path)), 'valid_rows_only', true);
      expect(report).toMatchObject({ dryRun: true, committed: false, summary: { valid: 1, createdProducts: 1, createdSkus: 1 } });
      expect(report.rows[0]).toMatchObject({ status: 'valid', action: 'create_product', productId: null, skuId: null });
      expect(await productsTitled(title)).toHaveLength(0);
    });

    it('updates existing SKUs by sku_id, adds new ones by product_id, leaves stock to adjustments and reports unchanged rows', async () => {
      const product = await createProduct(t, owner.auth, category.child.id, [{}, {}]);
      const [first, second] = product.skus;
      if (!first || !second) throw new Error('two SKUs expected');
      const existing = (sku: typeof first, overrides: ImportRow): ImportRow => ({
        product_id: String(product.id),
        sku_id: String(sku.id),
        spec: `规格:${sku.specs['规格']}`,
        public_price: '20.00',
        private_price: '15.00',
        cost_price: '8.00',
        stock: '999',
        ...overrides,
      });
      const report = await importOk(
        importCsv(existing(first, { private_price: '14.50', tier_gold: '13' }), existing(second, {}), {
          product_id: String(product.id),
          spec: '规格:新口味',
          public_price: '9',
          private_price: '8',
          cost_price: '1',
        }),
        'all_or_nothing',
      );
      expect(report.rows.map((row) => [row.status, row.action])).toEqual([
        ['imported', 'update_sku'],
        ['unchanged', 'none'],
        ['imported', 'add_sku'],
      ]);
      expect(report.summary).toMatchObject({ updatedSkus: 1, createdSkus: 1, unchanged: 1, createdProducts: 0 });
      const after = await fetchProduct(product.id);
      expect(after.skus.find((sku) => sku.id === first.id)).toMatchObject({ privatePriceFen: 1450, tierPrices: { gold: 1300 }, stock: 5 });
      expect(after.skus.find((sku) => sku.id === report.rows[2]?.skuId)).toMatchObject({ specs: { 规格: '新口味' }, privatePriceFen: 800 });
    });

    it('refuses a below-cost price on an on_sale product (the owner confirms on the product page), writing nothing', async () => {
      const product = await createProduct(t, owner.auth, category.child.id);
      await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({}).expect(200);
      const sku = product.skus[0];
      const row = {
        product_id: String(product.id),
        sku_id: String(sku?.id),
        spec: `规格:${sku?.specs['规格']}`,
        public_price: '20',
        private_price: '7.50',
        cost_price: '8',
      };
      const report = await importOk(importCsv(row), 'all_or_nothing');
      expect(report.rows[0]).toMatchObject({ status: 'invalid', errors: [{ column: 'private_price', message: expect.stringContaining('毛利 -¥0.50') }] });
      expect((await fetchProduct(product.id)).skus[0]?.privatePriceFen).toBe(1500);
    });

    it('reports a barcode another SKU holds, a SKU of another product and a title that does not match, on their columns', async () => {
      const taken = uniq('bc');
      const holder = await createProduct(t, owner.auth, category.child.id, [{ barcode: taken }]);
      const other = await createProduct(t, owner.auth, category.child.id);
      const report = await importOk(
        importCsv(
          newProductRow(uniq('码'), category.path, { barcode: taken }),
          { product_id: String(other.id), sku_id: String(holder.skus[0]?.id), spec: '规格:a', public_price: '2', private_price: '1', cost_price: '1' },
          { product_id: String(other.id), product_title: '别的名字' },
          { product_id: '99999999', spec: '规格:a', public_price: '2', private_price: '1', cost_price: '1' },
        ),
        'valid_rows_only',
      );
      expect(report.rows.map((row) => row.errors.map((error) => error.column))).toEqual([['barcode'], ['sku_id'], ['product_title'], ['product_id']]);
      expect(report.summary).toMatchObject({ invalid: 4, createdProducts: 0 });
    });

    it.each([
      ['service', 403],
      ['analyst', 403],
      ['operator', 200],
    ] as [StaffRole, number][])('answers %s with %i (catalog:write)', async (role, status) => {
      const staff = await createStaff(t, role);
      const title = uniq('权');
      const res = await postImport(staff.auth, importCsv(newProductRow(title, category.path)), 'all_or_nothing');
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
      expect(await productsTitled(title)).toHaveLength(status === 200 ? 1 : 0);
    });

    it.each([
      ['an unterminated quote', 'CSV_MALFORMED', 'product_title,category,role,spec,public_price,private_price,cost_price\r\n"oops'],
      ['a header without price columns', 'CSV_COLUMNS_INVALID', 'product_title,category,role,spec\r\na,b,hero,c\r\n'],
      ['no data rows', 'CSV_EMPTY', 'product_title,category,role,spec,public_price,private_price,cost_price\r\n'],
    ])('refuses a file with %s as a whole (400 %s)', async (_name, code, csv) => {
      const res = await postImport(owner.auth, csv, 'all_or_nothing');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    });

    it('requires the mode to be chosen (no default)', async () => {
      const res = await t
        .request()
        .post('/api/admin/catalog/import')
        .set(owner.auth)
        .send({ csv: importCsv(newProductRow('x', category.path)) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.mode' }] } });
    });

    it('audits nothing and keeps no product for rows refused in a valid_rows_only import of one new product', async () => {
      const title = uniq('空');
      const report = await importOk(
        importCsv(
          newProductRow(title, category.path, {
            barcode: (await createProduct(t, owner.auth, category.child.id, [{ barcode: uniq('bc') }])).skus[0]?.barcode ?? '',
          }),
        ),
        'valid_rows_only',
      );
      expect(report.rows[0]).toMatchObject({ status: 'invalid', errors: [{ column: 'barcode' }] });
      expect(await productsTitled(title)).toHaveLength(0);
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'product.create'), eq(auditLog.targetType, 'product')));
      expect(audits.some((row) => (row.after as { title?: string }).title === title)).toBe(false);
    });
  });
});
