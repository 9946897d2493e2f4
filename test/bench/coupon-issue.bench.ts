/**
 * npm run bench (coupons): on the PostgreSQL server, in a database of its own, BENCH_ISSUE_MEMBERS members
 * (default 50,000) generated in SQL, all in a tag segment; one coupon template issued to the segment through
 * POST /api/admin/coupon-templates/:id/issue (one transaction under the template lock), then the same batch
 * again (everyone already issued). Prints figures; asserts only that every member got exactly one coupon.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/src/lib/sql';
import { createStoreSku, createTemplate } from '../../server/src/modules/coupons/test-factories';
import { createStaff } from '../../server/src/testing/fixtures';
import { createTestApp, type TestApp } from '../../server/src/testing/test-app';
import { buildTemplates } from '../../server/src/testing/test-db';

const MEMBERS = Number(process.env.BENCH_ISSUE_MEMBERS ?? 50_000);

/** Members and a manual tag on all of them, set-based; returns the segment id. */
async function generate(t: TestApp): Promise<number> {
  const db = t.deps.db;
  await db.execute(sql`insert into members (openid, nickname, created_at)
    select 'oci' || g, 'm' || g, now() - random() * interval '700 days' from generate_series(1, ${MEMBERS}::int) g`);
  const [group] = await queryRows<{ id: number }>(db, sql`insert into tag_groups (name) values ('发券压测') returning id`);
  const [tag] = await queryRows<{ id: number }>(
    db,
    sql`insert into tags (group_id, name, kind) values (${group?.id ?? 0}::int, '发券压测', 'manual') returning id`,
  );
  await db.execute(sql`insert into member_tags (member_id, tag_id, source) select id, ${tag?.id ?? 0}::int, 'manual' from members where openid like 'oci%'`);
  const definition = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [Number(tag?.id ?? 0)] }] }] });
  const [segment] = await queryRows<{ id: number }>(db, sql`insert into segments (name, definition) values ('发券压测', ${definition}::jsonb) returning id`);
  await db.execute(sql`analyze members`);
  await db.execute(sql`analyze member_tags`);
  return Number(segment?.id ?? 0);
}

async function main(): Promise<void> {
  if (process.env.SIYU_TEST_PG === 'off') {
    process.stdout.write('coupon issue benchmark skipped: it needs the PostgreSQL server (SIYU_TEST_PG=off)\n');
    return;
  }
  await buildTemplates(['postgres']);
  const t = await createTestApp('postgres', { poolSize: 10 });
  try {
    const owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    const template = await createTemplate(t, owner.auth, { visibility: 'hidden' });
    let started = performance.now();
    const segmentId = await generate(t);
    const generateSeconds = (performance.now() - started) / 1000;

    const issue = () => t.request().post(`/api/admin/coupon-templates/${template.id}/issue`).set(owner.auth).send({ segmentId, batch: '压测' });
    started = performance.now();
    const first = await issue();
    const firstSeconds = (performance.now() - started) / 1000;
    if (first.status !== 200) throw new Error(`issue: ${first.status} ${JSON.stringify(first.body)}`);
    started = performance.now();
    const again = await issue();
    const againSeconds = (performance.now() - started) / 1000;
    if (again.status !== 200) throw new Error(`issue again: ${again.status} ${JSON.stringify(again.body)}`);

    const [counts] = await queryRows<{ coupons: number; holders: number; issued: number }>(
      t.deps.db,
      sql`select (select count(*)::int from member_coupons where template_id = t.id) as coupons,
          (select count(distinct member_id)::int from member_coupons where template_id = t.id) as holders,
          t.issued_count as issued
        from coupon_templates t where t.id = ${template.id}`,
    );
    const lines = [
      `coupon issue benchmark — PostgreSQL server, pool 10, node ${process.version}`,
      `data: ${MEMBERS.toLocaleString('en')} members in one tag segment (generated in ${generateSeconds.toFixed(1)} s)`,
      `issue to the segment: ${firstSeconds.toFixed(2)} s, ${Math.round(MEMBERS / firstSeconds).toLocaleString('en')} members/s → ${JSON.stringify({ ...first.body, skipped: first.body.skipped?.length })}`,
      `the same batch again: ${againSeconds.toFixed(2)} s → ${JSON.stringify({ ...again.body, skipped: again.body.skipped?.length })}`,
      `coupons ${Number(counts?.coupons ?? 0).toLocaleString('en')}, holders ${Number(counts?.holders ?? 0).toLocaleString('en')}, issued_count ${Number(counts?.issued ?? 0).toLocaleString('en')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const [name, value] of [
      ['issued', first.body.issued],
      ['alreadyIssued on the repeat', again.body.alreadyIssued],
      ['coupons', Number(counts?.coupons)],
      ['holders', Number(counts?.holders)],
      ['issued_count', Number(counts?.issued)],
    ] as const) {
      if (value !== MEMBERS) throw new Error(`${name} ${value} ≠ ${MEMBERS} members`);
    }
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
