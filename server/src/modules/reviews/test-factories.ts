/** Test data for reviews: orders written straight to the database (the checkout has its own tests). */
import crypto from 'node:crypto';
import type { AdminSku } from '@siyu/shared';
import { orderLines, orders } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';
import { createSellableSku } from '../orders/test-factories';

export interface ReceivedOrder {
  orderId: number;
  lineIds: number[];
}

/** An order of the member with one line per SKU, in `status` (completed: received now). */
export async function insertOrderWithLines(
  t: TestApp,
  memberId: number,
  skus: readonly AdminSku[],
  status: 'paid' | 'shipped' | 'completed' | 'partially_refunded' | 'refunded' = 'completed',
): Promise<ReceivedOrder> {
  const now = t.clock.now();
  const orderNo = `R${crypto.randomBytes(10).toString('hex').toUpperCase()}`;
  const payable = skus.reduce((sum, sku) => sum + sku.privatePriceFen, 0);
  const [order] = await t.deps.db
    .insert(orders)
    .values({
      orderNo,
      memberId,
      status,
      goodsSubtotalFen: payable,
      discountFen: 0,
      shippingFen: 0,
      payableFen: payable,
      address: {},
      idempotencyKey: orderNo,
      requestHash: orderNo,
      paymentExpiresAt: now,
      paidAt: now,
      completedAt: status === 'completed' || status === 'partially_refunded' ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: orders.id });
  if (!order) throw new Error('order insert returned nothing');
  const lines = await t.deps.db
    .insert(orderLines)
    .values(
      skus.map((sku, index) => ({
        orderId: order.id,
        lineNo: index + 1,
        skuId: sku.id,
        productId: sku.productId,
        title: `测试商品 ${sku.id}`,
        specs: sku.specs,
        image: null,
        quantity: 1,
        unitPriceFen: sku.privatePriceFen,
        publicPriceFen: sku.publicPriceFen,
        subtotalFen: sku.privatePriceFen,
        discountFen: 0,
        payableFen: sku.privatePriceFen,
      })),
    )
    .returning({ id: orderLines.id });
  return { orderId: order.id, lineIds: lines.map((line) => line.id) };
}

/** `count` sellable SKUs, each of its own product. */
export async function createSkus(t: TestApp, staffAuth: Auth, count: number): Promise<AdminSku[]> {
  const skus: AdminSku[] = [];
  for (let index = 0; index < count; index += 1) skus.push(await createSellableSku(t, staffAuth, { privatePriceFen: 1990 + index, stock: 10 }));
  return skus;
}

/** A valid review body for the line. */
export function buildReviewBody(orderLineId: number, overrides: Record<string, unknown> = {}) {
  return { orderLineId, rating: 5, content: '口感很好，包装完好，会回购', ...overrides };
}
