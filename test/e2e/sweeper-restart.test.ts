import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startServer } from './support/server';
import { loginShopper, placeOrderAsShopper, shopperCall } from './support/shopper';

/**
 * Crash safety of the auto-close: the server is killed (SIGKILL) while an unpaid order holds stock;
 * its payment window passes while the server is down; on restart the sweeper closes the order and the
 * stock comes back exactly once.
 */
describe('order sweeper across a crash', () => {
  it('closes an order whose window passed while the server was down, returning its stock once', async () => {
    const first = await startServer();
    const products = (await (await fetch(`${first.baseUrl}/api/products?limit=50`)).json()) as { items: { id: number; isSoldOut: boolean }[] };
    const productId = products.items.find((item) => !item.isSoldOut)?.id;
    const detail = (await (await fetch(`${first.baseUrl}/api/products/${productId}`)).json()) as { skus: { id: number; stock: number }[] };
    const sku = detail.skus.find((candidate) => candidate.stock >= 2);
    if (!sku) throw new Error('no SKU in stock in the demo data');
    const shopper = await loginShopper(first.baseUrl);
    const order = await placeOrderAsShopper(first.baseUrl, shopper, sku.id, 2);
    expect(order.status).toBe('pending_payment');
    await first.kill();

    // While the server is down, its payment window passes (the embedded database is free to open now).
    const db = await PGlite.create(path.join(first.dataDir, 'pglite'));
    await db.query(`update orders set payment_expires_at = now() - interval '1 minute' where id = $1`, [order.id]);
    const held = await db.query<{ stock: number }>('select stock from skus where id = $1', [sku.id]);
    expect(held.rows[0]?.stock).toBe(sku.stock - 2);
    await db.close();

    const second = await startServer({ dataDir: first.dataDir });
    try {
      let status = '';
      for (let attempt = 0; attempt < 50 && status !== 'cancelled'; attempt += 1) {
        status = String((await shopperCall(second.baseUrl, shopper, 'GET', `/api/orders/${String(order.id)}`)).status);
        if (status !== 'cancelled') await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe('cancelled');
      const after = (await (await fetch(`${second.baseUrl}/api/products/${productId}`)).json()) as { skus: { id: number; stock: number }[] };
      expect(after.skus.find((candidate) => candidate.id === sku.id)?.stock).toBe(sku.stock);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
