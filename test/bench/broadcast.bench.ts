/**
 * npm run bench (campaigns): on the PostgreSQL server, in a database of its own, 1,000,000 members generated
 * in SQL, all in a tag segment; a broadcast with a 10 % holdout scheduled through POST /api/admin/campaigns,
 * then timed from the schedule to every intent written (runDueCampaigns: 50,000-member INSERT … SELECT
 * chunks, arms in SQL). Target < 60 s. Prints figures; asserts only that every member is accounted for.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/src/lib/sql';
import { runDueCampaigns } from '../../server/src/modules/campaigns';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const MEMBERS = Number(process.env.BENCH_BROADCAST_MEMBERS ?? 1_000_000);
const CHUNK = 500_000;

/** Members and a manual tag on all of them, set-based; returns the segment id. */
async function generate(t: TestApp): Promise<number> {
  const db = t.deps.db;
  for (let done = 0; done < MEMBERS; done += CHUNK) {
    await db.execute(sql`insert into members (openid, nickname, created_at)
      select 'obc' || g, 'm' || g, now() - random() * interval '700 days'
      from generate_series(${done + 1}::int, ${Math.min(MEMBERS, done + CHUNK)}::int) g`);
  }
  const [group] = await queryRows<{ id: number }>(db, sql`insert into tag_groups (name) values ('群发压测') returning id`);
  const [tag] = await queryRows<{ id: number }>(
    db,
    sql`insert into tags (group_id, name, kind) values (${group?.id ?? 0}::int, '群发压测', 'manual') returning id`,
  );
  await db.execute(sql`insert into member_tags (member_id, tag_id, source) select id, ${tag?.id ?? 0}::int, 'manual' from members where openid like 'obc%'`);
  const definition = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [Number(tag?.id ?? 0)] }] }] });
  const [segment] = await queryRows<{ id: number }>(db, sql`insert into segments (name, definition) values ('群发压测', ${definition}::jsonb) returning id`);
  await db.execute(sql`analyze members`);
  await db.execute(sql`analyze member_tags`);
  return Number(segment?.id ?? 0);
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('broadcast benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const operator = await createStaff(t, 'operator');
    let started = performance.now();
    const segmentId = await generate(t);
    const generateSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const res = await fetch(`${t.baseUrl}/api/admin/campaigns`, {
      method: 'POST',
      headers: { ...operator.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '百万群发压测',
        kind: 'broadcast',
        segmentId,
        scheduledAt: new Date().toISOString(),
        content: {
          channel: 'inapp',
          template: 'text',
          variables: { title: '新品上市', content: '{{member.name}}，新品已上架，快来看看' },
          link: 'pages/index/index',
        },
        experiment: { holdoutBp: 1000, splitBp: 0, conversionDays: 7 },
      }),
    });
    const campaign = (await res.json()) as { id?: number };
    if (res.status !== 201 || !campaign.id) throw new Error(`create: ${res.status} ${JSON.stringify(campaign)}`);
    const ran = await runDueCampaigns(t.deps.db, new Date());
    const seconds = (performance.now() - started) / 1000;

    const [counts] = await queryRows<{ intents: number; holdout: number; status: string; enqueued: number }>(
      t.deps.db,
      sql`select (select count(*)::int from message_intents where campaign_id = c.id) as intents,
          (select count(*)::int from experiment_assignments where experiment_id = c.experiment_id and arm = 'holdout') as holdout,
          c.status, c.enqueued
        from campaigns c where c.id = ${campaign.id}`,
    );
    const intents = Number(counts?.intents ?? 0);
    const holdout = Number(counts?.holdout ?? 0);
    const lines = [
      `broadcast benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `data: ${MEMBERS.toLocaleString('en')} members in one tag segment (generated in ${generateSeconds.toFixed(1)} s)`,
      `schedule (POST /api/admin/campaigns) → every intent written (runDueCampaigns, ${ran} campaign): ${seconds.toFixed(1)} s (target < 60 s), ${Math.round(MEMBERS / seconds).toLocaleString('en')} members/s`,
      `intents ${intents.toLocaleString('en')}, holdout ${holdout.toLocaleString('en')} (${((holdout / MEMBERS) * 100).toFixed(2)} %, target 10 %), status ${counts?.status}, enqueued ${Number(counts?.enqueued ?? 0).toLocaleString('en')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (intents + holdout !== MEMBERS) throw new Error(`${intents} intents + ${holdout} holdout ≠ ${MEMBERS} members`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
