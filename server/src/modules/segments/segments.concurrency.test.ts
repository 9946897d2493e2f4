import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTemplate } from '../coupons/test-factories';
import { applyRuleTags } from './rule-tags';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('segments under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let tagId: number;
  let memberIds: number[];
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
    const name = `c${crypto.randomBytes(4).toString('hex')}`;
    const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
    const [tag] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into tags (group_id, name, kind) values (${group!.id}, ${name}, 'manual') returning id`,
    );
    tagId = Number(tag!.id);
    memberIds = [];
    for (let i = 0; i < 30; i += 1) {
      const member = await createMemberDirect(t);
      memberIds.push(member.id);
      await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${member.id}, ${tagId}, 'manual')`);
    }
  });
  afterAll(() => t.close());

  it('12 parallel repeats of one segment batch grant each member exactly one coupon', async () => {
    const definition = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [tagId] }] }] };
    const segment = await t.request().post('/api/admin/segments').set(owner.auth).send({ name: '并发', definition });
    const template = await createTemplate(t, owner.auth, { visibility: 'hidden', totalCount: 1000, perMemberCap: 5 });
    await t.deps.db.execute(sql`update coupon_templates set approval_status = 'approved' where id = ${template.id}`);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.request().post(`/api/admin/coupon-templates/${template.id}/issue`).set(owner.auth).send({ segmentId: segment.body.id, batch: 'parallel-1' }),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(results.reduce((sum, res) => sum + (res.body.issued as number), 0)).toBe(30);
    const rows = await queryRows<{ member_id: number; n: number }>(
      t.deps.db,
      sql`select member_id, count(*)::int as n from member_coupons where template_id = ${template.id} group by member_id order by member_id`,
    );
    expect(rows.map((row) => [Number(row.member_id), Number(row.n)])).toEqual(memberIds.map((id) => [id, 1]));
    const [counted] = await queryRows<{ issued_count: number }>(t.deps.db, sql`select issued_count from coupon_templates where id = ${template.id}`);
    expect(Number(counted!.issued_count)).toBe(30);
  });

  it('parallel issues to a segment (other batches, double clicks) respect the stock and the per-member cap', async () => {
    const definition = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [tagId] }] }] };
    const segment = await t.request().post('/api/admin/segments').set(owner.auth).send({ name: '库存', definition });
    // 30 members in the segment, 20 coupons in stock, one per member.
    const template = await createTemplate(t, owner.auth, { visibility: 'hidden', totalCount: 20, perMemberCap: 1 });
    await t.deps.db.execute(sql`update coupon_templates set approval_status = 'approved' where id = ${template.id}`);
    const batches = ['a', 'a', 'b', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const results = await Promise.all(
      batches.map((batch) => t.request().post(`/api/admin/coupon-templates/${template.id}/issue`).set(owner.auth).send({ segmentId: segment.body.id, batch })),
    );
    expect(results.map((res) => res.status)).toEqual(batches.map(() => 200));
    expect(results.reduce((sum, res) => sum + (res.body.issued as number), 0)).toBe(20);
    const codes = new Set(results.flatMap((res) => (res.body.skipped as { code: string }[]).map((skip) => skip.code)));
    expect(codes).toContain('COUPON_SOLD_OUT');
    expect([...codes].every((code) => code === 'COUPON_SOLD_OUT' || code === 'COUPON_CLAIM_CAP_REACHED')).toBe(true);
    const rows = await queryRows<{ member_id: number; n: number }>(
      t.deps.db,
      sql`select member_id, count(*)::int as n from member_coupons where template_id = ${template.id} group by member_id`,
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((row) => Number(row.n) === 1 && memberIds.includes(Number(row.member_id)))).toBe(true);
    const [counted] = await queryRows<{ issued_count: number }>(t.deps.db, sql`select issued_count from coupon_templates where id = ${template.id}`);
    expect(Number(counted!.issued_count)).toBe(20);
  });

  it('parallel rule-tag evaluations of the same members leave exactly the matching set', async () => {
    const definition = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [tagId] }] }] };
    const name = `r${crypto.randomBytes(4).toString('hex')}`;
    const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
    const [rule] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into tags (group_id, name, kind, rule) values (${group!.id}, ${name}, 'rule', ${JSON.stringify(definition)}::jsonb) returning id`,
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => applyRuleTags(t.deps.db, i % 2 === 0 ? null : memberIds, t.clock.now())));
    const rows = await queryRows<{ member_id: number }>(t.deps.db, sql`select member_id from member_tags where tag_id = ${rule!.id} order by member_id`);
    expect(rows.map((row) => Number(row.member_id))).toEqual(memberIds);
  });
});
