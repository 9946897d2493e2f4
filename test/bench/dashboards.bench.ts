/**
 * npm run bench (数据看板, issue 16): on the PostgreSQL server, in a database of its own, 5,000,000 paid orders of
 * ~1,000,000 members over two years (one line each, 5 % refunded) and 20,000,000 behaviour events over the last
 * year (sessions of 4 events of members and anonymous devices), generated with set-based SQL straight into the
 * source tables. Then: the roll-ups rebuilt from them (rebuildAnalyticsCore, and rebuildAnalyticsDetail when
 * there; timed); ≥ 20 calls through real HTTP of each of the home page's queries (overview today / 7 d / 30 d,
 * breakdown, KPI; target p95 < 300 ms) and of every report that exists (funnel, cohorts, repurchase, promotions,
 * members, products, staff; target p95 < 1 s); and the catch-up: N new paid orders with their order.paid events,
 * drained by analytics-core (target ≥ 5,000 orders/s). Prints the figures; asserts only that the numbers add up.
 *
 * Smaller runs: DASHBOARDS_BENCH_ORDERS, DASHBOARDS_BENCH_EVENTS, DASHBOARDS_BENCH_CATCHUP, DASHBOARDS_BENCH_CALLS.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { addDays, chinaDate, monthOf, type CohortsReport, type DashboardOverview, type FunnelReport } from '@siyu/shared';
import { queryRows } from '../../server/src/lib/sql';
import { analyticsCoreConsumer, rebuildAnalyticsCore } from '../../server/src/modules/analytics';
import { rebuildAnalyticsDetail } from '../../server/src/modules/analytics-detail';
import { ensureBehaviourPartitions } from '../../server/src/modules/behaviour/partitions';
import { drainConsumerFully } from '../../server/src/modules/events';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const ORDERS = Number(process.env.DASHBOARDS_BENCH_ORDERS ?? 5_000_000);
const EVENTS = Number(process.env.DASHBOARDS_BENCH_EVENTS ?? 20_000_000);
const CATCHUP = Number(process.env.DASHBOARDS_BENCH_CATCHUP ?? 50_000);
const CALLS = Math.max(20, Number(process.env.DASHBOARDS_BENCH_CALLS ?? 20));
const MEMBERS = Math.max(1_000, Math.round(ORDERS / 5));
const DEVICES = Math.max(1_000, Math.round(EVENTS / 50));
const CHANNELS = 12;
const CATEGORIES = 20;
const PRODUCTS_PER_CATEGORY = 10;
const CHUNK = 1_000_000;
const HOME_TARGET_MS = 300;
const REPORT_TARGET_MS = 1_000;
const CATCHUP_TARGET = 5_000;

const int = (row: { n?: unknown } | undefined) => Number(row?.n ?? 0);
const seconds = (since: number) => (performance.now() - since) / 1000;

async function generate(t: TestApp): Promise<{ memberLo: number; skuLo: number; productLo: number }> {
  const db = t.deps.db;
  for (let i = 1; i <= CHANNELS; i += 1) await db.execute(sql`insert into channels (kind, name) values ('package_card', ${`看板压测渠道${i}`})`);
  const [channel] = await queryRows<{ n: number }>(db, sql`select min(id)::int as n from channels where name like '看板压测渠道%'`);
  const maybeChannel = sql.raw(`(case when random() < 0.25 then null else ${int(channel)} + floor(random() * ${CHANNELS})::int end)`);

  // A small catalog: 20 categories × 10 products, one SKU each (ids consecutive: product k ↔ sku k).
  for (let c = 1; c <= CATEGORIES; c += 1) await db.execute(sql`insert into categories (name) values (${`压测分类${c}`})`);
  const [category] = await queryRows<{ n: number }>(db, sql`select min(id)::int as n from categories where name like '压测分类%'`);
  await db.execute(sql`insert into products (category_id, title, role, status)
    select ${int(category)} + (g - 1) / ${PRODUCTS_PER_CATEGORY}, '压测商品' || g, (array['traffic','hero','profit'])[1 + g % 3], 'on_sale'
    from generate_series(1, ${CATEGORIES * PRODUCTS_PER_CATEGORY}) g order by g`);
  const [product] = await queryRows<{ n: number }>(db, sql`select min(id)::int as n from products where title like '压测商品%'`);
  await db.execute(sql`insert into skus (product_id, specs, public_price_fen, private_price_fen, cost_price_fen, stock)
    select id, '{}'::jsonb, 5000, 4000, 2000, 1000000 from products where title like '压测商品%' order by id`);
  const [sku] = await queryRows<{ n: number }>(
    db,
    sql`select min(s.id)::int as n from skus s join products p on p.id = s.product_id where p.title like '压测商品%'`,
  );

  // Members over two years, 75 % with an acquisition channel.
  for (let done = 0; done < MEMBERS; done += CHUNK) {
    await db.execute(sql`insert into members (openid, nickname, created_at)
      select 'odash' || g, 'd' || g, now() - random() * interval '730 days' from generate_series(${done + 1}::int, ${Math.min(MEMBERS, done + CHUNK)}::int) g`);
  }
  await db.execute(
    sql`insert into member_attribution (member_id, registered_at, channel_id) select id, created_at, ${maybeChannel} from members where openid like 'odash%'`,
  );
  const [member] = await queryRows<{ n: number }>(db, sql`select min(id)::int as n from members where openid like 'odash%'`);
  const memberLo = int(member);
  // Buyers skewed (a few buy often), paid over the last two years; one order line each.
  const buyer = sql.raw(`(${memberLo} + floor(power(random(), 1.4) * ${MEMBERS})::int)`);
  const productCount = CATEGORIES * PRODUCTS_PER_CATEGORY;
  for (let done = 0; done < ORDERS; done += CHUNK) {
    await db.execute(sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address,
        idempotency_key, request_hash, payment_expires_at, paid_at, completed_at, first_channel_id, last_channel_id, created_at, updated_at)
      select 'D' || g, ${buyer}, 'completed', p, 0, 0, p, '{}'::jsonb, 'D' || g, 'h', at, at, at + interval '8 days', ${maybeChannel}, ${maybeChannel}, at, at
      from (select g, 1000 + floor(random() * 60000)::int as p, now() - random() * interval '730 days' as at
            from generate_series(${done + 1}::int, ${Math.min(ORDERS, done + CHUNK)}::int) g) x`);
  }
  const [orderRange] = await queryRows<{ lo: number; hi: number }>(db, sql`select min(id)::int as lo, max(id)::int as hi from orders where order_no like 'D%'`);
  for (let lo = orderRange?.lo ?? 1; lo <= (orderRange?.hi ?? 0); lo += CHUNK) {
    await db.execute(sql`insert into order_lines (order_id, line_no, sku_id, product_id, title, specs, quantity, unit_price_fen, public_price_fen, subtotal_fen,
        discount_fen, payable_fen)
      select id, 1, ${int(sku)} + id % ${productCount}, ${int(product)} + id % ${productCount}, '压测商品', '{}'::jsonb, 1, payable_fen, payable_fen, payable_fen, 0, payable_fen
      from orders where id >= ${lo} and id < ${lo + CHUNK} and order_no like 'D%'`);
  }
  await db.execute(sql`insert into refunds (order_id, out_refund_no, status, lines, amount_fen, reason, order_status_before, completed_at, created_at, updated_at)
    select id, 'DR' || id, 'succeeded', '[]'::jsonb, greatest(1, payable_fen / 2), '压测', 'completed', least(now(), paid_at + random() * interval '5 days'), paid_at, paid_at
    from orders where order_no like 'D%' and id % 20 = 0`);

  // Behaviour events over the last 365 days in monthly partitions: sessions of 4 events (a page view, then a
  // product view or page view, then add to cart or a product view, then checkout / share / page view), 60 % by
  // members, 40 % by anonymous devices.
  const now = new Date();
  const months = Array.from({ length: 14 }, (_, i) => addDays(chinaDate(now), -31 * i).slice(0, 7));
  await ensureBehaviourPartitions(db, now, months);
  const sessions = Math.floor(EVENTS / 4);
  const SESSION_CHUNK = CHUNK / 4;
  for (let done = 0; done < sessions; done += SESSION_CHUNK) {
    await db.execute(sql`insert into behaviour_events (type, occurred_at, device_id, member_id, product_id, created_at)
      select case k when 1 then 'page_view'
                    when 2 then case when r < 0.7 then 'product_view' else 'page_view' end
                    when 3 then case when r < 0.25 then 'add_to_cart' else 'product_view' end
                    else case when r < 0.08 then 'checkout_start' when r < 0.12 then 'share' else 'page_view' end end,
        s.at + k * interval '20 seconds', s.device_id, s.member_id, case when k in (2, 3) then ${int(product)} + floor(r * ${productCount})::int end,
        s.at + interval '1 minute'
      from (select case when random() < 0.4 then 'bdev' || floor(random() * ${DEVICES})::int end as device_id, random() as m,
              now() - interval '2 minutes' - random() * interval '365 days' as at
            from generate_series(1, ${Math.min(SESSION_CHUNK, sessions - done)}) g) s0
      cross join lateral (select s0.at, s0.device_id,
        case when s0.device_id is null then ${memberLo} + floor(s0.m * ${MEMBERS})::int end as member_id) s
      cross join lateral (select k, random() as r from generate_series(1, 4) k) e`);
  }
  await db.execute(sql`analyze`);
  return { memberLo, skuLo: int(sku), productLo: int(product) };
}

function percentiles(latencies: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

interface Timing {
  label: string;
  kind: 'home' | 'report';
  p50: number;
  p95: number;
  max: number;
  body: unknown;
}

async function time(t: TestApp, auth: Record<string, string>, label: string, kind: Timing['kind'], path: string): Promise<Timing | null> {
  const latencies: number[] = [];
  let body: unknown = null;
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    const res = await fetch(`${t.baseUrl}${path}`, { headers: auth });
    const text = await res.text();
    latencies.push(performance.now() - started);
    if (res.status === 404 && i === 0) return null; // a report not built (yet)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    body = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
  }
  return { label, kind, ...percentiles(latencies), body };
}

async function catchUp(t: TestApp, memberLo: number): Promise<{ seconds: number; events: number }> {
  const db = t.deps.db;
  await drainConsumerFully(db, analyticsCoreConsumer, () => new Date(), 600_000); // the few events of the set-up
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address,
        idempotency_key, request_hash, payment_expires_at, paid_at, created_at, updated_at)
      select 'DC' || g, ${memberLo} + floor(random() * ${MEMBERS})::int, 'paid', p, 0, 0, p, '{}'::jsonb, 'DC' || g, 'h', at, at, at, at
      from (select g, 1000 + floor(random() * 60000)::int as p, now() - random() * interval '1 hour' as at from generate_series(1, ${CATCHUP}) g) x`);
    await tx.execute(sql`insert into domain_events (type, occurred_at, member_id, order_id, payload)
      select 'order.paid', paid_at, member_id, id, jsonb_build_object('paidFen', payable_fen, 'paidAt', paid_at) from orders where order_no like 'DC%' order by id`);
  });
  const started = performance.now();
  const events = await drainConsumerFully(db, analyticsCoreConsumer, () => new Date(), 3_600_000);
  return { seconds: seconds(started), events };
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('dashboards benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    const db = t.deps.db;
    let started = performance.now();
    const { memberLo } = await generate(t);
    const generateSeconds = seconds(started);
    started = performance.now();
    await rebuildAnalyticsCore(db);
    const coreSeconds = seconds(started);
    started = performance.now();
    await rebuildAnalyticsDetail(db);
    const detailSeconds = seconds(started);
    await db.execute(sql`analyze`); // what autovacuum does after a bulk write; the planner needs the roll-ups' sizes
    const [sizes] = await queryRows<Record<string, unknown>>(
      db,
      sql`select (select count(*) from stats_orders)::int as orders, (select count(*) from stats_member_days)::int as member_days,
        (select count(*) from stats_visits)::int as visits, (select count(*) from stats_order_lines)::int as lines,
        (select count(*) from stats_category_gaps)::int as gaps, (select count(*) from behaviour_events)::int as events`,
    );

    const today = chinaDate(new Date());
    const range = (days: number) => `from=${addDays(today, -(days - 1))}&to=${today}`;
    const timings: Timing[] = [];
    const add = (timing: Timing | null) => {
      if (timing) timings.push(timing);
    };
    add(await time(t, owner.auth, 'overview today', 'home', `/api/admin/dashboard/overview?${range(1)}`));
    add(await time(t, owner.auth, 'overview 7 d', 'home', `/api/admin/dashboard/overview?${range(7)}`));
    add(await time(t, owner.auth, 'overview 30 d', 'home', `/api/admin/dashboard/overview?${range(30)}`));
    add(await time(t, owner.auth, 'breakdown 30 d', 'home', `/api/admin/dashboard/breakdown?${range(30)}`));
    add(await time(t, owner.auth, 'kpi (this month)', 'home', `/api/admin/kpi`));
    add(await time(t, owner.auth, 'funnel 30 d', 'report', `/api/admin/reports/funnel?${range(30)}`));
    add(await time(t, owner.auth, 'funnel 90 d', 'report', `/api/admin/reports/funnel?${range(90)}`));
    add(await time(t, owner.auth, 'cohorts 12 months', 'report', `/api/admin/reports/cohorts?from=${monthOf(addDays(today, -335))}&to=${today}`));
    add(await time(t, owner.auth, 'cohorts 24 months', 'report', `/api/admin/reports/cohorts?${range(731)}`));
    add(await time(t, owner.auth, 'repurchase 90 d', 'report', `/api/admin/reports/repurchase?${range(90)}`));
    add(await time(t, owner.auth, 'repurchase 365 d', 'report', `/api/admin/reports/repurchase?${range(365)}`));
    add(await time(t, owner.auth, 'cohorts 24 months CSV', 'report', `/api/admin/reports/cohorts.csv?${range(731)}`));
    for (const name of ['promotions', 'members', 'products', 'staff'])
      add(await time(t, owner.auth, `${name} 30 d`, 'report', `/api/admin/reports/${name}?${range(30)}`));

    const figure = (timing: Timing) => {
      const target = timing.kind === 'home' ? HOME_TARGET_MS : REPORT_TARGET_MS;
      const verdict = timing.p95 < target ? 'ok' : 'MISSED';
      return `  ${timing.label.padEnd(22)} p50 ${timing.p50.toFixed(0).padStart(5)} ms  p95 ${timing.p95.toFixed(0).padStart(5)} ms  max ${timing.max.toFixed(0).padStart(5)} ms  (target p95 < ${target} ms: ${verdict})`;
    };
    const missing = ['promotions', 'members', 'products', 'staff'].filter((name) => !timings.some((timing) => timing.label.startsWith(name)));
    const lines = [
      `dashboards benchmark — PostgreSQL server, its own database, pool 10, node ${process.version}`,
      `data: ${ORDERS.toLocaleString('en')} paid orders (5 % refunded, one line each) of ${MEMBERS.toLocaleString('en')} members over 2 years, ${int({ n: sizes?.events }).toLocaleString('en')} behaviour events over 365 days (generated in ${generateSeconds.toFixed(0)} s)`,
      `rebuildAnalyticsCore: ${coreSeconds.toFixed(1)} s → ${int({ n: sizes?.orders }).toLocaleString('en')} stats_orders, ${int({ n: sizes?.member_days }).toLocaleString('en')} stats_member_days, ${int({ n: sizes?.visits }).toLocaleString('en')} stats_visits`,
      `rebuildAnalyticsDetail: ${detailSeconds.toFixed(1)} s → ${int({ n: sizes?.lines }).toLocaleString('en')} stats_order_lines, ${int({ n: sizes?.gaps }).toLocaleString('en')} stats_category_gaps rows`,
      `home page (${CALLS} calls each, HTTP):`,
      ...timings.filter((timing) => timing.kind === 'home').map(figure),
      `reports (${CALLS} calls each, HTTP):`,
      ...timings.filter((timing) => timing.kind === 'report').map(figure),
      ...(missing.length > 0 ? [`  not measured (no route yet): ${missing.join(', ')}`] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    // The numbers add up: the 30-day overview and funnel against stats_orders, the 24-month cohorts against stats_members.
    const overview = timings.find((timing) => timing.label === 'overview 30 d')?.body as DashboardOverview | undefined;
    const funnel = timings.find((timing) => timing.label === 'funnel 30 d')?.body as FunnelReport | undefined;
    const cohorts = timings.find((timing) => timing.label === 'cohorts 24 months')?.body as CohortsReport | undefined;
    const [check] = await queryRows<{ buyers: number; payers: number; orders: number }>(
      db,
      sql`select (select count(*) from stats_members where first_paid_day >= ${monthOf(addDays(today, -730))}::date)::int as buyers,
        (select count(distinct member_id) from stats_orders where paid_day between ${addDays(today, -29)}::date and ${today}::date)::int as payers,
        (select count(*) from stats_orders where paid_day between ${addDays(today, -29)}::date and ${today}::date)::int as orders`,
    );
    if (cohorts && cohorts.cohorts.reduce((sum, cohort) => sum + cohort.members, 0) !== Number(check?.buyers))
      throw new Error('the cohorts do not hold every first buyer');
    if (funnel && funnel.total.paid !== Number(check?.payers))
      throw new Error(`the funnel's paying members (${funnel.total.paid}) differ from stats_orders (${check?.payers})`);
    if (overview && overview.paidOrders.value !== Number(check?.orders))
      throw new Error(`the overview's paid orders (${overview.paidOrders.value}) differ from stats_orders (${check?.orders})`);

    const catchup = await catchUp(t, memberLo);
    const perSecond = CATCHUP / catchup.seconds;
    process.stdout.write(
      `catch-up: ${CATCHUP.toLocaleString('en')} order.paid events drained by analytics-core in ${catchup.seconds.toFixed(1)} s → ${perSecond.toFixed(0)} orders/s (target ≥ ${CATCHUP_TARGET}: ${perSecond >= CATCHUP_TARGET ? 'ok' : 'MISSED'})\n`,
    );
    if (catchup.events < CATCHUP) throw new Error(`the catch-up passed ${catchup.events} events, fewer than ${CATCHUP}`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${error instanceof Error && error.cause ? String(error.cause) : ''}\n`,
  );
  process.exit(1);
});
