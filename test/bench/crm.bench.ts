/**
 * npm run bench (customer data): on the PostgreSQL server, in a database of its own, 1,000,000 members and
 * 5,000,000 paid orders over two years (5 % refunded), a tag on 10 % of the members, generated in SQL; then
 * the full RFM + lifecycle rebuild (timed, target < 60 s), a 4-condition segment count (lifecycle + tier +
 * net paid ≥ X + tag) 20 times (target p95 < 1 s) and the RFM grid 20 times (target p95 < 300 ms), each
 * also through real HTTP; then the hourly refresh of live rule tags (three rule tags over the clock, points and
 * coupons; first run from empty, then a steady hour). Prints figures; asserts only that the grid adds up to the members.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { SegmentDefinition } from '@siyu/shared';
import { queryRows } from '../../server/src/lib/sql';
import { rfmGrid, settleCrmRebuilds, startCrmRebuild } from '../../server/src/modules/member-facts';
import { countSegment } from '../../server/src/modules/segments';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';
import { runLiveRuleTags } from '../../server/src/jobs/rule-tags-hourly';

const MEMBERS = Number(process.env.BENCH_CRM_MEMBERS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_CRM_ORDERS ?? 5_000_000);
const RUNS = 20;
const CHUNK = 1_000_000;

async function generate(t: TestApp): Promise<number> {
  const db = t.deps.db;
  // Members over three years, tiers skewed to the lower ones.
  for (let done = 0; done < MEMBERS; done += CHUNK) {
    await db.execute(sql`insert into members (openid, nickname, tier_code, created_at)
      select 'ocrm' || g, 'c' || g, (array['bronze','bronze','bronze','silver','silver','gold','platinum','diamond'])[1 + floor(random() * 8)::int],
        now() - random() * interval '1095 days'
      from generate_series(${done + 1}::int, ${Math.min(MEMBERS, done + CHUNK)}::int) g`);
  }
  const [range] = await queryRows<{ lo: number }>(db, sql`select min(id)::int as lo from members where openid like 'ocrm%'`);
  const lo = Number(range?.lo ?? 1);
  // 80 % of the members buy (skewed: a few buy often); paid within the last two years.
  const buyer = sql.raw(`(${lo} + floor(power(random(), 1.6) * ${Math.floor(MEMBERS * 0.8)})::int)`);
  for (let done = 0; done < ORDERS; done += CHUNK) {
    await db.execute(sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, refunded_fen, address,
        idempotency_key, request_hash, payment_expires_at, paid_at, completed_at, created_at, updated_at)
      select 'C' || g, ${buyer}, case when g % 20 = 0 then 'refunded' else 'completed' end, p, 0, 0, p, case when g % 20 = 0 then p else 0 end, '{}'::jsonb,
        'C' || g, 'h', at, at, at + interval '8 days', at, at
      from (select g, 1000 + floor(random() * 60000)::int as p, now() - random() * interval '730 days' as at
            from generate_series(${done + 1}::int, ${Math.min(ORDERS, done + CHUNK)}::int) g) x`);
  }
  await db.execute(sql`insert into refunds (order_id, out_refund_no, status, lines, amount_fen, reason, order_status_before, completed_at, created_at, updated_at)
    select id, 'CR' || id, 'succeeded', '[]'::jsonb, payable_fen, '压测', 'completed', paid_at + interval '2 days', paid_at, paid_at
    from orders where order_no like 'C%' and status = 'refunded'`);
  const [group] = await queryRows<{ id: number }>(db, sql`insert into tag_groups (name) values ('压测') returning id`);
  const [tag] = await queryRows<{ id: number }>(
    db,
    sql`insert into tags (group_id, name, kind) values (${group?.id ?? 0}::int, '压测VIP', 'manual') returning id`,
  );
  const tagId = Number(tag?.id ?? 0);
  await db.execute(
    sql`insert into member_tags (member_id, tag_id, source) select id, ${tagId}::int, 'manual' from members where openid like 'ocrm%' and id % 10 = 0`,
  );
  await db.execute(sql`analyze`);
  return tagId;
}

function percentiles(latencies: number[]): { p50: number; p95: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { p50: pct(50), p95: pct(95) };
}

async function timed<T>(runs: number, work: (run: number) => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  const latencies: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await work(run);
    latencies.push(performance.now() - started);
  }
  return { ...percentiles(latencies), last: last as T };
}

function fourConditions(tagId: number, minNetPaidFen: number): SegmentDefinition {
  return {
    match: 'all',
    groups: [
      {
        match: 'all',
        conditions: [
          { type: 'lifecycle', stages: ['active', 'silent'] },
          { type: 'tier', tiers: ['silver', 'gold'] },
          { type: 'fact', fact: 'netPaidFen', op: 'gte', value: minNetPaidFen },
          { type: 'tag', op: 'any', tagIds: [tagId] },
        ],
      },
    ],
  };
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('customer data benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    const db = t.deps.db;
    let started = performance.now();
    const tagId = await generate(t);
    const generateSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const rebuild = await startCrmRebuild(db, 'manual', null, new Date());
    await settleCrmRebuilds(db);
    const rebuildSeconds = (performance.now() - started) / 1000;
    const [done] = await queryRows<{ status: string; processed: number; error: string | null }>(
      db,
      sql`select status, processed, error from crm_rebuilds where id = ${rebuild?.id ?? 0}::int`,
    );
    if (done?.status !== 'done') throw new Error(`rebuild ${done?.status ?? 'missing'}: ${done?.error ?? ''}`);

    const now = new Date();
    const segment = await timed(RUNS, (run) => countSegment(db, fourConditions(tagId, 50_000 + run * 10_000), now, 60_000));
    const segmentHttp = await timed(RUNS, async (run) => {
      const res = await fetch(`${t.baseUrl}/api/admin/segments/preview`, {
        method: 'POST',
        headers: { ...owner.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ definition: fourConditions(tagId, 55_000 + run * 10_000) }),
      });
      const body = (await res.json()) as { count?: number };
      if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(body)}`);
      return body.count ?? 0;
    });
    const grid = await timed(RUNS, () => rfmGrid(db));
    const gridHttp = await timed(RUNS, async () => {
      const res = await fetch(`${t.baseUrl}/api/admin/rfm`, { headers: owner.auth });
      if (res.status !== 200) throw new Error(`rfm: ${res.status}`);
      return (await res.json()) as unknown;
    });
    // Three live rule tags, stored directly (creating them over HTTP would apply them at once): the hourly refresh
    // sets them from empty (its worst case), then again an hour later (the steady case: few rows move).
    const liveRules = [
      { name: '压测·久未购', condition: { type: 'fact', fact: 'daysSinceLastOrder', op: 'gte', value: 90 } },
      { name: '压测·积分大户', condition: { type: 'fact', fact: 'pointsBalance', op: 'gte', value: 1000 } },
      { name: '压测·近期用券', condition: { type: 'couponUsed', withinDays: 30 } },
    ];
    for (const rule of liveRules) {
      const definition = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [rule.condition] }] });
      await db.execute(sql`insert into tags (group_id, name, kind, rule)
        select group_id, ${rule.name}, 'rule', ${definition}::jsonb from tags where id = ${tagId}::int`);
    }
    const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    started = performance.now();
    if (!(await runLiveRuleTags(t.deps, new Date(hour + 60_000)))) throw new Error('the live rule tags refresh did not run');
    const liveFirstSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    if (!(await runLiveRuleTags(t.deps, new Date(hour + 3_660_000)))) throw new Error('the second live rule tags refresh did not run');
    const liveSteadySeconds = (performance.now() - started) / 1000;
    const [tagged] = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from member_tags mt join tags t on t.id = mt.tag_id where t.name like '压测·%'`,
    );
    const cells = Object.fromEntries(grid.last.cells.map((cell) => [cell.code, cell.members]));
    const lines = [
      `customer data benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `data: ${MEMBERS.toLocaleString('en')} members, ${ORDERS.toLocaleString('en')} paid orders over 730 days (5 % refunded), a tag on 10 % (generated in ${generateSeconds.toFixed(1)} s)`,
      `RFM + lifecycle rebuild (startCrmRebuild → done, ${Number(done.processed).toLocaleString('en')} members): ${rebuildSeconds.toFixed(1)} s (target < 60 s)`,
      `4-condition segment count (lifecycle + tier + netPaidFen ≥ X + tag), countSegment: ${RUNS} runs, p50 ${segment.p50.toFixed(0)} ms, p95 ${segment.p95.toFixed(0)} ms (target p95 < 1 s); last count ${segment.last}`,
      `  same through POST /api/admin/segments/preview: p50 ${segmentHttp.p50.toFixed(0)} ms, p95 ${segmentHttp.p95.toFixed(0)} ms`,
      `RFM grid, rfmGrid: ${RUNS} runs, p50 ${grid.p50.toFixed(0)} ms, p95 ${grid.p95.toFixed(0)} ms (target p95 < 300 ms)`,
      `  same through GET /api/admin/rfm: p50 ${gridHttp.p50.toFixed(0)} ms, p95 ${gridHttp.p95.toFixed(0)} ms`,
      `hourly live rule tags (3 rules, every member, one transaction): first run ${liveFirstSeconds.toFixed(1)} s, the next hour ${liveSteadySeconds.toFixed(1)} s; ${Number(tagged?.count ?? 0).toLocaleString('en')} tag rows`,
      `grid: ${JSON.stringify(cells)}; prospects ${grid.last.prospects}; thresholds R ≤ ${grid.last.thresholds?.recencyDays ?? '?'} d, F ≥ ${grid.last.thresholds?.frequency ?? '?'}, M ≥ ${grid.last.thresholds?.monetaryFen ?? '?'} fen`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (grid.last.totalMembers < MEMBERS) throw new Error(`the grid counts ${grid.last.totalMembers} members, fewer than the ${MEMBERS} generated`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
