import crypto from 'node:crypto';
import { adminProductSchema, categorySchema, serializeCsv, type AdminProduct, type Category } from '@siyu/shared';
import type { TestApp } from '../../testing/test-app';

/** Test data for CSV export/import, made through the catalog API like any client would. */

export type Auth = { Authorization: string };

export const uniq = (prefix: string) => `${prefix}${crypto.randomBytes(4).toString('hex')}`;

/** A top-level category and a child under it: "一级/二级" paths for the CSV. */
export async function createCategoryPath(t: TestApp, auth: Auth): Promise<{ root: Category; child: Category; path: string }> {
  const root = categorySchema.parse(
    (
      await t
        .request()
        .post('/api/admin/categories')
        .set(auth)
        .send({ name: uniq('类') })
        .expect(201)
    ).body,
  );
  const child = categorySchema.parse(
    (
      await t
        .request()
        .post('/api/admin/categories')
        .set(auth)
        .send({ name: uniq('子'), parentId: root.id })
        .expect(201)
    ).body,
  );
  return { root, child, path: `${root.name}/${child.name}` };
}

/** A draft product with SKUs (public ¥20, private ¥15, cost ¥8 unless told otherwise). */
export async function createProduct(t: TestApp, auth: Auth, categoryId: number, skus: Record<string, unknown>[] = [{}]): Promise<AdminProduct> {
  const body = {
    categoryId,
    title: uniq('商品'),
    role: 'hero',
    skus: skus.map((sku) => ({ specs: { 规格: uniq('s') }, publicPriceFen: 2000, privatePriceFen: 1500, costPriceFen: 800, stock: 5, ...sku })),
  };
  return adminProductSchema.parse((await t.request().post('/api/admin/products').set(auth).send(body).expect(201)).body);
}

export const IMPORT_HEADER = [
  'product_id',
  'product_title',
  'category',
  'role',
  'sku_id',
  'spec',
  'public_price',
  'private_price',
  'cost_price',
  'stock',
  'purchase_limit',
  'barcode',
  'tier_gold',
] as const;
export type ImportRow = Partial<Record<(typeof IMPORT_HEADER)[number], string>>;

/** An import file with IMPORT_HEADER and the given rows. */
export function importCsv(...rows: ImportRow[]): string {
  return serializeCsv([[...IMPORT_HEADER], ...rows.map((row) => IMPORT_HEADER.map((key) => row[key] ?? ''))], { bom: true });
}

/** A valid row of a new product. */
export function newProductRow(title: string, categoryPath: string, overrides: ImportRow = {}): ImportRow {
  return {
    product_title: title,
    category: categoryPath,
    role: 'hero',
    spec: `规格:${uniq('s')}`,
    public_price: '19.90',
    private_price: '12.90',
    cost_price: '6.50',
    stock: '10',
    ...overrides,
  };
}
