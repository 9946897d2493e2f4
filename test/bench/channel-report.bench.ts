/**
 * npm run bench (channel report): on the PostgreSQL server, 1,000,000 touches, 200,000 paid orders (10 %
 * refunded), 150,000 members and 50,000 reach rows over 120 days, generated in SQL; the roll-up rebuilt
 * from them (timed); then 50 report calls per attribution model over the 120 days through real HTTP →
 * p50 / p95 (target p95 < 500 ms). Prints figures; asserts only that the report reconciles with the orders.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { beijingDay, type ChannelReport } from '@siyu/shared';
import { queryRows } from '../../server/src/lib/sql';
import { rebuildChannelStats } from '../../server/src/modules/channel-report';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const TOUCHES = Number(process.env.BENCH_TOUCHES ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 150_000);
const REACH_ROWS = 50_000;
const CHANNELS = 12;
const CALLS = 50;
const DAYS = 120;

/** Random instants over the last DAYS days, in SQL. */
const recent = sql.raw(`now() - random() * interval '${DAYS} days'`);

async function generate(t: TestApp): Promise<void> {
  const db = t.deps.db;
  const kinds = ['package_card', 'sms', 'ai_call', 'wecom', 'official_account', 'live', 'store', 'referral', 'ads', 'community', 'other', 'package_card'];
  for (const [index, kind] of kinds.slice(0, CHANNELS).entries()) {
    await db.execute(sql`insert into channels (kind, name, fixed_cost_fen, unit_cost_milli_fen, planned_reach, planned_conversion_bp, planned_orders_per_member_x100, planned_aov_fen)
      values (${kind}, ${`压测渠道${index + 1}`}, ${index * 100_000}, ${4_500 * (index + 1)}, 60000, 1100, 120, 4000)`);
  }
  const [range] = await queryRows<{ lo: number; hi: number }>(db, sql`select min(id) as lo, max(id) as hi from channels`);
  const channel = sql.raw(`(${range?.lo ?? 1} + floor(random() * ${CHANNELS})::int)`);
  const maybeChannel = sql.raw(`(case when random() < 0.25 then null else ${range?.lo ?? 1} + floor(random() * ${CHANNELS})::int end)`);
  await db.execute(sql`insert into members (openid, nickname, created_at) select 'obench' || g, 'b' || g, ${recent} from generate_series(1, ${MEMBERS}) g`);
  await db.execute(sql`insert into member_attribution (member_id, registered_at, channel_id) select id, created_at, ${maybeChannel} from members`);
  const [members] = await queryRows<{ lo: number }>(db, sql`select min(id) as lo from members where openid like 'obench%'`);
  const member = sql.raw(`(${members?.lo ?? 1} + floor(random() * ${MEMBERS})::int)`);
  for (let done = 0; done < TOUCHES; done += 250_000) {
    await db.execute(sql`insert into touches (occurred_at, source, status, channel_id, scene)
      select ${recent}, 'app_launch', case when g % 10 = 0 then 'unknown_code' else 'matched' end, case when g % 10 = 0 then null else ${channel} end, 'c=bench01'
      from generate_series(1, ${Math.min(250_000, TOUCHES - done)}) g`);
  }
  await db.execute(sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address, idempotency_key,
      request_hash, payment_expires_at, paid_at, first_channel_id, last_channel_id, created_at)
    select 'B' || g, ${member}, 'completed', p, 0, 0, p, '{}'::jsonb, 'B' || g, 'h', at, at, ${maybeChannel}, ${maybeChannel}, at
    from (select g, 1000 + floor(random() * 50000)::int as p, ${recent} as at from generate_series(1, ${ORDERS}) g) x`);
  await db.execute(sql`insert into refunds (order_id, out_refund_no, status, lines, amount_fen, reason, order_status_before, completed_at, created_at, updated_at)
    select id, 'BR' || id, 'succeeded', '[]'::jsonb, greatest(1, payable_fen / 2), '压测', 'completed', least(now(), paid_at + random() * interval '5 days'), paid_at, paid_at
    from orders where order_no like 'B%' and id % 10 = 0`);
  await db.execute(sql`insert into channel_reach (channel_id, source, quantity, occurred_at, dedupe_key)
    select ${channel}, 'manual', 1 + floor(random() * 20)::int, ${recent}, 'bench:' || g from generate_series(1, ${REACH_ROWS}) g`);
  await db.execute(sql`analyze`);
}

async function timeReports(t: TestApp, auth: { Authorization: string }, model: 'first' | 'last'): Promise<{ p50: number; p95: number; last: ChannelReport }> {
  const today = beijingDay(new Date()).date;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const latencies: number[] = [];
  let last: ChannelReport | null = null;
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    const res = await fetch(`${t.baseUrl}/api/admin/channels/report?from=${from}&to=${today}&model=${model}`, { headers: auth });
    const body = (await res.json()) as ChannelReport;
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`);
    last = body;
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  if (!last) throw new Error('no report');
  return { p50: pct(50), p95: pct(95), last };
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('channel report benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    let started = performance.now();
    await generate(t);
    const generateSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await rebuildChannelStats(t.deps.db);
    const rebuildSeconds = (performance.now() - started) / 1000;
    const [daily] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from channel_daily`);
    const first = await timeReports(t, owner.auth, 'first');
    const last = await timeReports(t, owner.auth, 'last');
    const [raw] = await queryRows<{ orders: number }>(t.deps.db, sql`select count(*)::int as orders from orders where paid_at is not null`);
    const lines = [
      `channel report benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `data: ${TOUCHES.toLocaleString('en')} touches, ${ORDERS.toLocaleString('en')} paid orders (10 % refunded), ${MEMBERS.toLocaleString('en')} members, ${REACH_ROWS.toLocaleString('en')} reach rows, ${CHANNELS} channels over ${DAYS} days (generated in ${generateSeconds.toFixed(1)} s)`,
      `rebuildChannelStats: ${rebuildSeconds.toFixed(1)} s → ${daily?.n ?? 0} channel_daily rows`,
      `GET /api/admin/channels/report, ${DAYS} days, model first: ${CALLS} calls, p50 ${first.p50.toFixed(0)} ms, p95 ${first.p95.toFixed(0)} ms (target p95 < 500 ms)`,
      `GET /api/admin/channels/report, ${DAYS} days, model last:  ${CALLS} calls, p50 ${last.p50.toFixed(0)} ms, p95 ${last.p95.toFixed(0)} ms (target p95 < 500 ms)`,
      `report totals: ${first.last.totals.orders} orders, GMV ${first.last.totals.gmvFen} fen (first) = ${last.last.totals.gmvFen} fen (last); ${first.last.daily.length} daily points`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    // Orders are spread over the last 120 days, so all but those paid before the range's first midnight count.
    if (first.last.totals.gmvFen !== last.last.totals.gmvFen || first.last.totals.orders > (raw?.orders ?? 0)) {
      throw new Error('the report does not reconcile between models');
    }
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
