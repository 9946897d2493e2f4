import { eq } from 'drizzle-orm';
import { cartResponseSchema, type AdminSku, type CartResponse } from '@siyu/shared';
import { cartItems, members, skus } from '../../db/schema';
import type { TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import { buildSku, createOnSaleProduct, firstSku, type Auth, type SkuBody } from '../catalog/test-factories';

/** Test data for the cart: SKUs go through the catalog API, cart reads through GET /api/cart. */

/** An on-sale product with one SKU (public ¥20, private ¥15, 10 in stock unless overridden). */
export async function createSellableSku(t: TestApp, staff: Auth, overrides: Partial<SkuBody> = {}): Promise<AdminSku> {
  return firstSku(await createOnSaleProduct(t, staff, { skus: [buildSku(overrides)] }));
}

/** Extra SKUs of an existing product inserted directly (bulk data for the line cap). */
export async function insertSkus(t: TestApp, productId: number, count: number): Promise<number[]> {
  const rows = await t.deps.db
    .insert(skus)
    .values(
      Array.from({ length: count }, (_, i) => ({
        productId,
        specs: { 编号: `bulk-${i}` },
        publicPriceFen: 200,
        privatePriceFen: 100,
        costPriceFen: 50,
        stock: 50,
      })),
    )
    .returning({ id: skus.id });
  return rows.map((row) => row.id);
}

/** Puts lines straight into a member's cart (the state a test starts from). */
export async function fillCart(t: TestApp, memberId: number, skuIds: readonly number[]): Promise<void> {
  if (skuIds.length === 0) return;
  await t.deps.db.insert(cartItems).values(skuIds.map((skuId) => ({ memberId, skuId, quantity: 1 })));
}

export async function setTier(t: TestApp, memberId: number, tierCode: 'bronze' | 'gold'): Promise<void> {
  await t.deps.db.update(members).set({ tierCode }).where(eq(members.id, memberId));
}

export async function getCart(t: TestApp, member: TestMember): Promise<CartResponse> {
  const res = await t.request().get('/api/cart').set(member.auth);
  if (res.status !== 200) throw new Error(`GET /api/cart: ${res.status} ${JSON.stringify(res.body)}`);
  return cartResponseSchema.parse(res.body);
}

export async function cartRowsOf(t: TestApp, memberId: number) {
  return t.deps.db.select().from(cartItems).where(eq(cartItems.memberId, memberId));
}
