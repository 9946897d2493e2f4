import crypto from 'node:crypto';
import type { AdminSku, Order } from '@siyu/shared';
import { buildSku, createOnSaleProduct, type Auth, type SkuBody } from '../catalog/test-factories';
import type { TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';

/** An on-sale product with one SKU made from `overrides`; returns the SKU. */
export async function createSellableSku(t: TestApp, staffAuth: Auth, overrides: Partial<SkuBody> = {}): Promise<AdminSku> {
  const product = await createOnSaleProduct(t, staffAuth, { skus: [buildSku(overrides)] });
  const sku = product.skus[0];
  if (!sku) throw new Error('product without SKU');
  return sku;
}

/** A default shipping address for the member; returns its id. */
export async function createAddress(t: TestApp, member: TestMember): Promise<number> {
  const res = await t
    .request()
    .post('/api/me/addresses')
    .set(member.auth)
    .send({
      recipientName: '张三',
      phone: '13800138000',
      regionCodes: ['310000', '310100', '310115'],
      regionText: '上海市 浦东新区',
      detail: '世纪大道 100 号 1 栋 101',
    });
  if (res.status !== 201) throw new Error(`address: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export const newKey = () => `k-${crypto.randomBytes(8).toString('hex')}`;

/** Quotes the lines, then places the order with the quoted total (what the shop does). */
export async function placeOrder(t: TestApp, member: TestMember, addressId: number, lines: { skuId: number; quantity: number }[], key = newKey()) {
  const quote = await t.request().post('/api/checkout/quote').set(member.auth).send({ lines });
  if (quote.status !== 200) throw new Error(`quote: ${quote.status} ${JSON.stringify(quote.body)}`);
  return t
    .request()
    .post('/api/orders')
    .set(member.auth)
    .set('Idempotency-Key', key)
    .send({ lines, addressId, expectedPayableFen: quote.body.payableTotalFen });
}

export function orderOf(body: unknown): Order {
  return body as Order;
}
