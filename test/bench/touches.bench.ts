/**
 * npm run bench: touch ingestion (POST /api/touches) over real HTTP on loopback against the real app on the
 * PostgreSQL server, with concurrent clients. Target ≥ 2,000 touches/s. Prints the figures and checks that
 * every accepted touch was written exactly once (group commit must not lose or double any).
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { channelCodes, channels } from '../../server/src/db/schema';
import { queryRows } from '../../server/src/lib/sql';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const TARGET_TOUCHES_PER_SECOND = 2000;

interface Figures {
  requests: number;
  touches: number;
  seconds: number;
  p50: number;
  p99: number;
}

async function load(
  t: TestApp,
  total: number,
  concurrency: number,
  bodyFor: (i: number) => { body: object; touches: number },
  path = '/api/touches',
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let touches = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const { body, touches: count } = bodyFor(i);
        const t0 = performance.now();
        const isTouch = path === '/api/touches';
        const init = isTouch ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {};
        const res = await fetch(`${t.baseUrl}${path}`, init);
        await res.arrayBuffer();
        if (res.status !== (isTouch ? 202 : 200)) throw new Error(`HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
        touches += count;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests: total, touches, seconds, p50: pct(50), p99: pct(99) };
}

function row(name: string, concurrency: number, f: Figures): string {
  const tps = f.touches / f.seconds;
  const verdict = tps >= TARGET_TOUCHES_PER_SECOND ? 'meets' : 'BELOW';
  return `postgres  ${name.padEnd(30)} ${String(concurrency).padStart(3)} clients ${String(f.requests).padStart(6)} req ${(f.requests / f.seconds).toFixed(0).padStart(6)} req/s ${tps.toFixed(0).padStart(7)} touches/s (${verdict} ${TARGET_TOUCHES_PER_SECOND})   p50 ${f.p50.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('touches benchmark: skipped (SIYU_TEST_PG=off; it measures the PostgreSQL server)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  const [channel] = await t.deps.db.insert(channels).values({ kind: 'package_card', name: 'bench' }).returning({ id: channels.id });
  const scenes = Array.from({ length: 200 }, (_, i) => `c=b${String(i).padStart(5, '0')}`);
  await t.deps.db.insert(channelCodes).values(scenes.map((scene) => ({ channelId: channel!.id, scene })));
  const devices = Array.from({ length: 1000 }, () => `bench_${crypto.randomBytes(10).toString('hex')}`);
  const single = (i: number) => ({
    body: {
      deviceId: devices[i % devices.length],
      wxScene: 1047,
      scene: i % 5 === 0 ? `c=unknown${i % 97}` : scenes[i % scenes.length],
      path: 'pages/index/index',
    },
    touches: 1,
  });
  const batchOf = (size: number) => (i: number) => ({
    body: {
      deviceId: devices[i % devices.length],
      touches: Array.from({ length: size }, (_, k) => ({ kind: k === 0 ? 'launch' : 'show', scene: scenes[(i + k) % scenes.length] })),
    },
    touches: size,
  });
  const out: string[] = [`touches benchmark — node ${process.version}, ${new Date().toISOString()}`];
  await load(t, 300, 20, single); // warm-up
  const [before] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*)::text as n from touches`);
  const runs: [string, number, Figures][] = [];
  runs.push(['1 touch per request', 50, await load(t, 3000, 50, single)]);
  runs.push(['5 touches per request (batch)', 50, await load(t, 1000, 50, batchOf(5))]);
  runs.push(['20 touches per request (batch)', 50, await load(t, 500, 50, batchOf(20))]);
  // The HTTP ceiling of this machine at this moment: the touch figures are bounded by it.
  const health = await load(t, 2000, 50, () => ({ body: {}, touches: 1 }), '/api/health');
  const [after] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*)::text as n from touches`);
  const [events] = await queryRows<{ n: string }>(t.deps.db, sql`select count(*)::text as n from domain_events where type = 'touches.recorded'`);
  for (const [name, concurrency, figures] of runs) out.push(row(name, concurrency, figures));
  out.push(
    `postgres  GET /api/health (ceiling)            50 clients ${(health.requests / health.seconds).toFixed(0).padStart(6)} req/s   p50 ${health.p50.toFixed(1)} ms`,
  );
  const accepted = runs.reduce((sum, [, , figures]) => sum + figures.touches, 0);
  const written = Number(after?.n) - Number(before?.n);
  out.push(
    `postgres  accepted ${accepted} touches, written ${written} (${written === accepted ? 'exactly once' : 'MISMATCH'}); ${events?.n} group writes in all`,
  );
  await t.close();
  process.stdout.write(`${out.join('\n')}\n`);
  if (written !== accepted) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
