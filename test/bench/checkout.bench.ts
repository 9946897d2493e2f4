/**
 * npm run bench (checkout): on the PostgreSQL server, real HTTP on loopback against the real app.
 * 1. pgbench baseline (TPC-B-like, same concurrency) when pgbench is installed;
 * 2. quote + create order at fixed concurrency over many SKUs → orders/s, p50/p99, ratio to baseline;
 * 3. hot SKU: 2,000 concurrent buyers for 100 units → sold count (must be exactly 100) and time.
 * Prints figures; asserts nothing but the hot-SKU count (an oversell is a failure, not a figure).
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { skus } from '../../server/src/db/schema';
import { createMemberDirect, createStaff, type TestMember } from '../../server/src/testing/fixtures';
import { TEST_PG_URL } from '../../server/src/testing/drivers';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';
import { createAddress, createSellableSku, newKey } from '../../server/src/modules/orders/test-factories';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const SKUS = Number(process.env.BENCH_SKUS ?? 200);

function pgbenchTps(): number | null {
  try {
    const url = new URL(TEST_PG_URL);
    const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres'];
    execFileSync('pgbench', [...args, '-i', '-q', '-s', '1', url.pathname.slice(1)], { stdio: 'ignore' });
    const out = execFileSync('pgbench', [...args, '-c', String(Math.min(CONCURRENCY, 50)), '-j', '2', '-T', '10', url.pathname.slice(1)], { encoding: 'utf8' });
    const match = /tps = ([\d.]+)/.exec(out);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function post(t: TestApp, path: string, member: TestMember, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...member.auth, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function buyer(t: TestApp): Promise<{ member: TestMember; addressId: number }> {
  const member = await createMemberDirect(t);
  return { member, addressId: await createAddress(t, member) };
}

/** Quote, then create the order with the quoted total: what the shop does at checkout. */
async function checkout(t: TestApp, b: { member: TestMember; addressId: number }, skuId: number): Promise<number> {
  const lines = [{ skuId, quantity: 1 }];
  const quote = await post(t, '/api/checkout/quote', b.member, { lines });
  const order = await post(
    t,
    '/api/orders',
    b.member,
    { lines, addressId: b.addressId, expectedPayableFen: quote.body.payableTotalFen },
    { 'Idempotency-Key': newKey() },
  );
  return order.status;
}

async function steadyCheckout(t: TestApp, skuIds: number[]): Promise<{ seconds: number; p50: number; p99: number; created: number }> {
  const buyers = await Promise.all(Array.from({ length: CONCURRENCY }, () => buyer(t)));
  const latencies: number[] = [];
  let next = 0;
  let created = 0;
  const started = performance.now();
  await Promise.all(
    buyers.map(async (b) => {
      while (next < ORDERS) {
        const i = next++;
        const t0 = performance.now();
        if ((await checkout(t, b, skuIds[i % skuIds.length] ?? 0)) === 201) created += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { seconds: (performance.now() - started) / 1000, p50: pct(50), p99: pct(99), created };
}

async function hotSku(t: TestApp, ownerAuth: { Authorization: string }): Promise<{ sold: number; seconds: number; stock: number | undefined }> {
  const sku = await createSellableSku(t, ownerAuth, { stock: 100, privatePriceFen: 990, publicPriceFen: 1990 });
  const buyers = await Promise.all(Array.from({ length: 2000 }, () => buyer(t)));
  const started = performance.now();
  const statuses = await Promise.all(
    buyers.map((b) =>
      post(
        t,
        '/api/orders',
        b.member,
        { lines: [{ skuId: sku.id, quantity: 1 }], addressId: b.addressId, expectedPayableFen: 990 + 800 },
        { 'Idempotency-Key': newKey() },
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const [row] = await t.deps.db.select({ stock: skus.stock }).from(skus).where(eq(skus.id, sku.id));
  return { sold: statuses.filter((s) => s.status === 201).length, seconds, stock: row?.stock };
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('checkout benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const baseline = pgbenchTps();
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    const skuIds: number[] = [];
    for (let i = 0; i < SKUS; i += 1) skuIds.push((await createSellableSku(t, owner.auth, { stock: 100_000 })).id);
    const steady = await steadyCheckout(t, skuIds);
    const ordersPerSecond = steady.created / steady.seconds;
    const hot = await hotSku(t, owner.auth);
    const lines = [
      `checkout benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `pgbench baseline (TPC-B, ${Math.min(CONCURRENCY, 50)} clients): ${baseline === null ? 'pgbench not available' : `${baseline.toFixed(0)} tps`}`,
      `quote + create order, ${CONCURRENCY} in flight over ${SKUS} SKUs: ${steady.created}/${ORDERS} orders in ${steady.seconds.toFixed(1)} s = ${ordersPerSecond.toFixed(0)} orders/s, p50 ${steady.p50.toFixed(0)} ms, p99 ${steady.p99.toFixed(0)} ms${baseline ? `, ratio to baseline ${(ordersPerSecond / baseline).toFixed(2)}` : ''}`,
      `hot SKU: 2000 concurrent buyers for 100 units → sold ${hot.sold}, stock left ${hot.stock}, in ${hot.seconds.toFixed(1)} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (hot.sold !== 100 || hot.stock !== 0) throw new Error(`hot SKU oversold or undersold: sold ${hot.sold}, stock ${hot.stock}`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
