/**
 * npm run bench (flash sale): on the PostgreSQL server, real HTTP on loopback against the real app.
 * 10,000 distinct members each try once to buy a 100-unit flash sale, at least 500 requests in flight
 * at once → time, attempts/s, orders created (must be exactly 100) and the ledgers (flash units sold,
 * per-member holdings, stock movements) that must agree. An oversell is a failure, not a figure.
 */
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { addresses, flashSaleMemberPurchases, flashSales, members, skus, stockMovements } from '../../server/src/db/schema';
import { MEMBER_ACCESS_TTL_SECONDS, signAccessToken } from '../../server/src/lib/tokens';
import { createSellableSku, newKey } from '../../server/src/modules/orders/test-factories';
import { insertFlashSale } from '../../server/src/modules/promotions/test-factories';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const BUYERS = Number(process.env.BENCH_FLASH_BUYERS ?? 10_000);
const IN_FLIGHT = Number(process.env.BENCH_FLASH_IN_FLIGHT ?? 500);
const UNITS = 100;
const STOCK = 1_000;

interface Buyer {
  auth: { Authorization: string };
  addressId: number;
}

/** Members and their addresses inserted in batches (creating 10,000 through the API would measure the API). */
async function createBuyers(t: TestApp): Promise<Buyer[]> {
  const out: Buyer[] = [];
  const phoneCipher = t.deps.phoneCrypto.encrypt('13800138000');
  for (let start = 0; start < BUYERS; start += 1000) {
    const size = Math.min(1000, BUYERS - start);
    const rows = await t.deps.db
      .insert(members)
      .values(Array.from({ length: size }, (_, i) => ({ openid: `obench${String(start + i)}x${String(Date.now())}`, nickname: `秒杀${String(start + i)}` })))
      .returning({ id: members.id });
    const addressRows = await t.deps.db
      .insert(addresses)
      .values(rows.map((row) => ({ memberId: row.id, recipientName: '抢购者', phoneCipher, regionCodes: ['310000', '310100', '310115'], regionText: '上海市 浦东新区', detail: '世纪大道 1 号', isDefault: true })))
      .returning({ id: addresses.id, memberId: addresses.memberId });
    for (const address of addressRows) {
      const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:member', address.memberId, MEMBER_ACCESS_TTL_SECONDS, t.clock.now());
      out.push({ auth: { Authorization: `Bearer ${token}` }, addressId: address.id });
    }
  }
  return out;
}

async function movementSum(t: TestApp, skuId: number): Promise<number> {
  const [row] = await t.deps.db.select({ sum: sql<number>`coalesce(sum(${stockMovements.delta}), 0)::int` }).from(stockMovements).where(eq(stockMovements.skuId, skuId));
  return row?.sum ?? 0;
}

async function attempt(t: TestApp, buyer: Buyer, skuId: number, expectedPayableFen: number): Promise<{ status: number; code: string | null }> {
  const res = await fetch(`${t.baseUrl}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), ...buyer.auth },
    body: JSON.stringify({ lines: [{ skuId, quantity: 1 }], addressId: buyer.addressId, expectedPayableFen }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? null };
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('flash-sale benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    const sku = await createSellableSku(t, owner.auth, { stock: STOCK, privatePriceFen: 5990, publicPriceFen: 9990, costPriceFen: 1000 });
    const flashId = await insertFlashSale(t, sku.id, 1990, { totalUnits: UNITS, perMemberLimit: 1 });
    const buyers = await createBuyers(t);
    const expected = 1990 + t.deps.config.commerce.shippingFeeFen;
    const movedBefore = await movementSum(t, sku.id);

    let next = 0;
    let inFlight = 0;
    let peakInFlight = 0;
    const outcomes = new Map<string, number>();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < buyers.length) {
          const buyer = buyers[next++] as Buyer;
          inFlight += 1;
          peakInFlight = Math.max(peakInFlight, inFlight);
          const result = await attempt(t, buyer, sku.id, expected);
          inFlight -= 1;
          const key = result.status === 201 ? '201 created' : `${String(result.status)} ${result.code ?? ''}`;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [sale] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId));
    const [held] = await t.deps.db.select({ sum: sql<number>`coalesce(sum(${flashSaleMemberPurchases.quantity}), 0)::int` }).from(flashSaleMemberPurchases).where(eq(flashSaleMemberPurchases.flashSaleId, flashId));
    const [stock] = await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id));
    const moved = { sum: await movementSum(t, sku.id) };
    const created = outcomes.get('201 created') ?? 0;
    const lines = [
      `flash-sale benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `${BUYERS} distinct members, one attempt each, ${IN_FLIGHT} in flight (peak ${peakInFlight}), ${UNITS} units: ${String(created)} orders in ${seconds.toFixed(1)} s = ${(BUYERS / seconds).toFixed(0)} attempts/s`,
      `outcomes: ${[...outcomes.entries()].map(([key, count]) => `${key} × ${String(count)}`).join(', ')}`,
      `ledgers: flash sold_units ${String(sale?.soldUnits)}, member holdings ${String(held?.sum)}, stock ${String(stock?.stock)} (from ${STOCK}), stock movements Σ ${String(moved.sum - movedBefore)} during the sale`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const consistent = created === UNITS && sale?.soldUnits === UNITS && held?.sum === UNITS && stock?.stock === STOCK - UNITS && moved.sum - movedBefore === -UNITS;
    if (!consistent || peakInFlight < Math.min(IN_FLIGHT, BUYERS)) throw new Error('flash sale oversold, undersold or ledgers disagree');
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
