/**
 * npm run bench (dispatch): on the PostgreSQL server, N in-app intents (default 20,000: half marketing
 * under the caps, half service) for 5,000 members, dispatched by W parallel dispatchDue workers (default 4,
 * batches of 200) — guards at send time, one member_messages row per intent. Prints intents/s; asserts only
 * that every intent is settled and no message is doubled.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/src/lib/sql';
import { dispatchDue } from '../../server/src/modules/messaging';
import { createTestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const INTENTS = Number(process.env.BENCH_DISPATCH_INTENTS ?? 20_000);
const MEMBERS = 5_000;
const WORKERS = Number(process.env.BENCH_DISPATCH_WORKERS ?? 4);

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('dispatch benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: WORKERS + 2 });
  try {
    const db = t.deps.db;
    await db.execute(sql`insert into members (openid, nickname) select 'odb' || g, 'm' || g from generate_series(1, ${MEMBERS}::int) g`);
    await db.execute(sql`insert into message_intents (key, member_id, channel, purpose, template, variables, not_before)
      select 'bench:' || g, (select min(id) from members) + (g % ${MEMBERS}::int), 'inapp',
             case when g % 2 = 0 then 'marketing' else 'service' end, 'text',
             jsonb_build_object('title', '新品上市', 'content', '第 ' || g || ' 条'), now() - interval '1 minute'
      from generate_series(1, ${INTENTS}::int) g`);
    await db.execute(sql`analyze message_intents`);
    const started = performance.now();
    const now = new Date();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while ((await dispatchDue(t.deps, now, 200)).claimed > 0);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [counts] = await queryRows<{ delivered: string; skipped: string; open: string; messages: string; distinct_intents: string }>(
      db,
      sql`select count(*) filter (where status = 'delivered') as delivered, count(*) filter (where status = 'skipped') as skipped,
            count(*) filter (where status in ('pending','sending','waiting')) as open,
            (select count(*) from member_messages) as messages, (select count(distinct intent_id) from member_messages) as distinct_intents
          from message_intents`,
    );
    process.stdout.write(
      `dispatch: ${INTENTS} in-app intents (${MEMBERS} members, half marketing under the caps) by ${WORKERS} workers in ${seconds.toFixed(1)} s = ${Math.round(INTENTS / seconds)} intents/s; ` +
        `delivered ${counts?.delivered}, skipped by caps ${counts?.skipped}, messages ${counts?.messages}\n`,
    );
    if (Number(counts?.open) !== 0 || counts?.messages !== counts?.distinct_intents || Number(counts?.messages) !== Number(counts?.delivered)) {
      throw new Error(`dispatch bench: unsettled or doubled messages ${JSON.stringify(counts)}`);
    }
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
