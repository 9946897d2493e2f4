/**
 * npm run bench: figures for the catalog hot paths, on PGlite and on the PostgreSQL server.
 * Real HTTP on loopback against the real app, demo data seeded; prints a table, asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { seedDemo } from '../../server/src/seed/seed';
import { createTestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';
import type { TestDriver } from '../../server/src/testing/drivers';

interface Figures {
  requests: number;
  concurrency: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(urlFor: (i: number) => string, total: number, concurrency: number, init?: (i: number) => RequestInit): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(urlFor(i), init?.(i));
        await res.arrayBuffer();
        if (res.status >= 500) throw new Error(`HTTP ${res.status} from ${urlFor(i)}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests: total, concurrency, seconds, p50: pct(50), p95: pct(95), p99: pct(99) };
}

function row(driver: string, name: string, f: Figures): string {
  const rps = (f.requests / f.seconds).toFixed(0);
  return `${driver.padEnd(9)} ${name.padEnd(34)} ${String(f.requests).padStart(6)} ${String(f.concurrency).padStart(4)} ${rps.padStart(7)} req/s   p50 ${f.p50.toFixed(1)} ms   p95 ${f.p95.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms`;
}

async function benchDriver(driver: TestDriver): Promise<string[]> {
  const t = await createTestApp(driver, { poolSize: 10 });
  await seedDemo(t.deps.db, t.deps.config.media.dir);
  const base = t.baseUrl;
  const sorts = ['default', 'sales', 'price_asc', 'price_desc'];
  const list = (await (await fetch(`${base}/api/products?limit=50`)).json()) as { items: { id: number }[] };
  const ids = list.items.map((item) => item.id);
  const lines: string[] = [];
  await load(() => `${base}/api/health`, 200, 10); // warm-up
  lines.push(row(driver, 'GET /api/health', await load(() => `${base}/api/health`, 2000, 10)));
  lines.push(row(driver, 'GET /api/products (4 sorts, 20/page)', await load((i) => `${base}/api/products?sort=${sorts[i % 4]}`, 2000, 10)));
  lines.push(row(driver, 'GET /api/products?q=牛奶', await load(() => `${base}/api/products?q=${encodeURIComponent('牛奶')}`, 1000, 10)));
  lines.push(row(driver, 'GET /api/products/:id', await load((i) => `${base}/api/products/${ids[i % ids.length]}`, 2000, 10)));
  await t.close();
  return lines;
}

async function main(): Promise<void> {
  const drivers: TestDriver[] = process.env.SIYU_TEST_PG === 'off' ? ['pglite'] : ['pglite', 'postgres'];
  await buildTemplates(drivers);
  const out: string[] = [`catalog benchmark — node ${process.version}, ${new Date().toISOString()}`];
  for (const driver of drivers) out.push(...(await benchDriver(driver)));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
