import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { adminProductSchema, adminSkuSchema, categorySchema, type AdminProduct, type AdminSku, type Category } from '@siyu/shared';
import { auditLog } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';

/** Test data for the catalog: `buildX` returns a request body, `createX` goes through the API. */

export type Auth = { Authorization: string };

/** A short unique suffix so that tests sharing a database never collide on names. */
export function uniq(prefix = ''): string {
  return `${prefix}${crypto.randomBytes(4).toString('hex')}`;
}

export interface SkuBody {
  specs: Record<string, string>;
  publicPriceFen: number;
  privatePriceFen: number;
  costPriceFen: number;
  tierPrices?: Record<string, number>;
  stock?: number;
  purchaseLimit?: number | null;
  barcode?: string | null;
}

/** A SKU body that sells above cost: public ¥20, private ¥15, cost ¥8, 10 in stock. */
export function buildSku(overrides: Partial<SkuBody> = {}): SkuBody {
  return { specs: { 规格: uniq('s') }, publicPriceFen: 2000, privatePriceFen: 1500, costPriceFen: 800, stock: 10, ...overrides };
}

export interface ProductBody {
  categoryId?: number;
  title?: string;
  subtitle?: string;
  images?: string[];
  description?: string;
  role?: 'traffic' | 'hero' | 'profit';
  tags?: string[];
  sortOrder?: number;
  skus?: SkuBody[];
}

/** POST /api/admin/categories; a top-level category with a unique name unless told otherwise. */
export async function createCategory(
  t: TestApp,
  auth: Auth,
  overrides: { name?: string; parentId?: number | null; sortOrder?: number } = {},
): Promise<Category> {
  const res = await t
    .request()
    .post('/api/admin/categories')
    .set(auth)
    .send({ name: uniq('分类'), ...overrides });
  if (res.status !== 201) throw new Error(`createCategory: ${res.status} ${JSON.stringify(res.body)}`);
  return categorySchema.parse(res.body);
}

/** POST /api/admin/products: a draft with one SKU, in a fresh category unless `categoryId` is given. */
export async function createProduct(t: TestApp, auth: Auth, overrides: ProductBody = {}): Promise<AdminProduct> {
  const categoryId = overrides.categoryId ?? (await createCategory(t, auth)).id;
  const body = { title: uniq('商品'), role: 'hero', skus: [buildSku()], ...overrides, categoryId };
  const res = await t.request().post('/api/admin/products').set(auth).send(body);
  if (res.status !== 201) throw new Error(`createProduct: ${res.status} ${JSON.stringify(res.body)}`);
  return adminProductSchema.parse(res.body);
}

/** POST /api/admin/products/:id/publish, expecting success. */
export async function publish(t: TestApp, auth: Auth, productId: number, confirmBelowCost = false): Promise<AdminProduct> {
  const res = await t.request().post(`/api/admin/products/${productId}/publish`).set(auth).send({ confirmBelowCost });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return adminProductSchema.parse(res.body);
}

/** A product that shoppers can see (created, then published). */
export async function createOnSaleProduct(t: TestApp, auth: Auth, overrides: ProductBody = {}): Promise<AdminProduct> {
  const product = await createProduct(t, auth, overrides);
  return publish(t, auth, product.id);
}

/** POST /api/admin/products/:id/skus, expecting success. */
export async function addSku(t: TestApp, auth: Auth, productId: number, overrides: Partial<SkuBody> = {}): Promise<AdminSku> {
  const res = await t.request().post(`/api/admin/products/${productId}/skus`).set(auth).send(buildSku(overrides));
  if (res.status !== 201) throw new Error(`addSku: ${res.status} ${JSON.stringify(res.body)}`);
  return adminSkuSchema.parse(res.body);
}

/** GET /api/admin/products/:id as the given staff. */
export async function fetchAdminProduct(t: TestApp, auth: Auth, productId: number): Promise<AdminProduct> {
  const res = await t.request().get(`/api/admin/products/${productId}`).set(auth);
  if (res.status !== 200) throw new Error(`fetchAdminProduct: ${res.status} ${JSON.stringify(res.body)}`);
  return adminProductSchema.parse(res.body);
}

/** The first SKU of a product (factories always create at least one). */
export function firstSku(product: AdminProduct): AdminSku {
  const sku = product.skus[0];
  if (!sku) throw new Error(`product ${product.id} has no SKU`);
  return sku;
}

/** Audit rows of one action on one target. */
export function auditRows(t: TestApp, action: string, targetId: number) {
  return t.deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId))));
}
