import type { FlashSaleView } from '@siyu/shared';
import type { TestApp } from '../../testing/test-app';
import { createOnSaleProduct, firstSku, uniq, type Auth, type SkuBody } from '../catalog/test-factories';

/** Test data for flash sales: `buildX` returns a request body, `createX` goes through the API. */

const MINUTE = 60 * 1000;

export interface FlashSaleBody {
  title: string;
  skuId: number;
  flashPriceFen: number;
  totalUnits: number;
  perMemberLimit?: number;
  startsAt: string;
  endsAt: string;
}

/** A sale of 10 units at ¥12 starting in 10 minutes for 30 minutes (the default SKU: private ¥15, cost ¥8). */
export function buildFlashSale(t: TestApp, skuId: number, overrides: Partial<FlashSaleBody> = {}): FlashSaleBody {
  const now = t.clock.now().getTime();
  return {
    title: uniq('秒杀'),
    skuId,
    flashPriceFen: 1200,
    totalUnits: 10,
    perMemberLimit: 1,
    startsAt: new Date(now + 10 * MINUTE).toISOString(),
    endsAt: new Date(now + 40 * MINUTE).toISOString(),
    ...overrides,
  };
}

/** An on-sale product with one SKU (public ¥20, private ¥15, cost ¥8 unless overridden); its SKU id. */
export async function createFlashSku(t: TestApp, auth: Auth, sku: Partial<SkuBody> = {}): Promise<{ skuId: number; productId: number }> {
  const product = await createOnSaleProduct(t, auth, {
    skus: [{ specs: { 规格: uniq('s') }, publicPriceFen: 2000, privatePriceFen: 1500, costPriceFen: 800, stock: 50, ...sku }],
  });
  return { skuId: firstSku(product).id, productId: product.id };
}

/** POST /api/admin/flash-sales, expecting 201. */
export async function createFlashSale(t: TestApp, auth: Auth, body: FlashSaleBody): Promise<FlashSaleView> {
  const res = await t.request().post('/api/admin/flash-sales').set(auth).send(body);
  if (res.status !== 201) throw new Error(`createFlashSale: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as FlashSaleView;
}
