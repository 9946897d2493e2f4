/**
 * npm run bench (journeys): on the PostgreSQL server, 20,000 members enrolled in a wait → send → branch flow
 * (enrollMembers, set-based), then the runner (runDueSteps, batches of 500) drives every enrollment through
 * it: the waits at entry, then — the clock two minutes on — the sends (one intent each) and the tag branch.
 * Prints steps/s (target ≥ 2,000); asserts only that every step ran once and every member got one intent.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/src/lib/sql';
import { createJourney, enrollMembers, publishJourney, activeVersionsFor } from '../../server/src/modules/journeys';
import { runDueSteps } from '../../server/src/modules/journeys/runner';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const MEMBERS = Number(process.env.BENCH_JOURNEY_MEMBERS ?? 20_000);

async function generate(t: TestApp): Promise<{ memberIds: number[]; tagId: number }> {
  const db = t.deps.db;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into members (openid, nickname) select 'ojb' || g, 'm' || g from generate_series(1, ${MEMBERS}::int) g returning id`,
  );
  const [group] = await queryRows<{ id: number }>(db, sql`insert into tag_groups (name) values ('旅程压测') returning id`);
  const [tag] = await queryRows<{ id: number }>(db, sql`insert into tags (group_id, name, kind) values (${group!.id}, '旅程压测', 'manual') returning id`);
  await db.execute(
    sql`insert into member_tags (member_id, tag_id, source) select id, ${tag!.id}, 'manual' from members where openid like 'ojb%' and id % 2 = 0`,
  );
  await db.execute(sql`analyze members`);
  return { memberIds: rows.map((r) => Number(r.id)), tagId: Number(tag!.id) };
}

async function drain(t: TestApp, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const steps = await runDueSteps(t.deps, now, 500);
    total += steps;
    if (steps === 0) return total;
  }
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('journeys benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const { memberIds, tagId } = await generate(t);
    const journey = await createJourney(
      t.deps.db,
      {
        name: '旅程压测',
        definition: {
          trigger: { type: 'event', event: 'member.registered' },
          purpose: 'service',
          entryStepId: 'w',
          steps: [
            { id: 'w', type: 'wait', minutes: 1, next: 's' },
            {
              id: 's',
              type: 'send',
              content: { channel: 'inapp', template: 'text', variables: { title: '欢迎', content: '{{member.name}}，欢迎加入' } },
              next: 'b',
            },
            { id: 'b', type: 'branch', condition: { kind: 'tag', tagId }, yes: null, no: null },
          ],
          goal: null,
          reentry: { mode: 'once', cooldownDays: 0 },
          experiment: null,
        },
      },
      null,
    );
    const start = new Date();
    await publishJourney(t.deps.db, journey.id, null, start);
    const version = (await activeVersionsFor(t.deps.db, 'event')).find((j) => j.journeyId === journey.id)!;

    let started = performance.now();
    let entered = 0;
    for (let i = 0; i < memberIds.length; i += 5000)
      entered += await enrollMembers(
        t.deps.db,
        version,
        memberIds.slice(i, i + 5000).map((memberId) => ({ memberId, occurrence: 'bench' })),
        start,
      );
    const enrollSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const waits = await drain(t, start);
    const later = new Date(start.getTime() + 2 * 60_000);
    const rest = await drain(t, later);
    const seconds = (performance.now() - started) / 1000;
    const steps = waits + rest;

    const [counts] = await queryRows<{ intents: number; runs: number; completed: number }>(
      t.deps.db,
      sql`select (select count(*)::int from message_intents where journey_id = ${journey.id}) as intents,
            (select count(*)::int from journey_step_runs r join journey_enrollments e on e.id = r.enrollment_id where e.journey_id = ${journey.id}) as runs,
            (select count(*)::int from journey_enrollments where journey_id = ${journey.id} and status = 'completed') as completed`,
    );
    const lines = [
      `journeys benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `enroll ${entered.toLocaleString('en')} members (enrollMembers, 5,000 a call): ${enrollSeconds.toFixed(2)} s, ${Math.round(entered / enrollSeconds).toLocaleString('en')} members/s`,
      `runner (wait → send → branch, batches of 500): ${steps.toLocaleString('en')} steps in ${seconds.toFixed(2)} s = ${Math.round(steps / seconds).toLocaleString('en')} steps/s (target ≥ 2,000)`,
      `step runs ${Number(counts?.runs ?? 0).toLocaleString('en')}, intents ${Number(counts?.intents ?? 0).toLocaleString('en')}, completed ${Number(counts?.completed ?? 0).toLocaleString('en')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (Number(counts?.runs) !== MEMBERS * 3 || Number(counts?.intents) !== MEMBERS) throw new Error('not every step ran exactly once');
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
