import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SEGMENT_CONSENT_CHANNELS, SEGMENT_CONSENT_DEFAULTS, type SegmentConsentChannel, type SegmentDefinitionInput } from '@siyu/shared';
import { members } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { createTemplate } from '../coupons/test-factories';
import { EVENT_CONSUMERS } from '../events';
import { memberFactsConsumer } from '../member-facts/consumer';
import { consentDefault, setConsent } from '../messaging';
import { applyRuleTags, countSegment, recordSegmentCounts, ruleTagsConsumer, withSegmentTimeout } from './index';
import { RULE_TAG_EVENT_TYPES } from './rule-tags';
import { parseSegmentDefinition } from './validate';

/** A manual tag (raw rows: the tags module is another helper's). */
async function createTag(t: TestApp, kind: 'manual' | 'rule' = 'manual', rule: unknown = null): Promise<number> {
  const name = `t${crypto.randomBytes(4).toString('hex')}`;
  const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
  const [tag] = await queryRows<{ id: number }>(
    t.deps.db,
    sql`insert into tags (group_id, name, kind, rule) values (${group!.id}, ${name}, ${kind}, ${rule === null ? null : JSON.stringify(rule)}::jsonb) returning id`,
  );
  return Number(tag!.id);
}

async function tagMembers(t: TestApp, tagId: number, memberIds: number[]): Promise<void> {
  for (const id of memberIds) await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${id}, ${tagId}, 'manual')`);
}

async function setFacts(
  t: TestApp,
  memberId: number,
  facts: { paidOrders: number; netPaidFen: number; lifecycle?: string; rfmCell?: string | null },
): Promise<void> {
  await t.deps.db.execute(sql`insert into member_facts (member_id, registered_at, paid_orders, net_paid_fen, lifecycle, rfm_cell, last_paid_at)
    values (${memberId}, ${t.clock.now()}, ${facts.paidOrders}, ${facts.netPaidFen}, ${facts.lifecycle ?? 'active'}, ${facts.rfmCell ?? null}, ${t.clock.now()})
    on conflict (member_id) do update set paid_orders = excluded.paid_orders, net_paid_fen = excluded.net_paid_fen`);
}

const tagged = (tagId: number, more: SegmentDefinitionInput['groups'][number]['conditions'] = []): SegmentDefinitionInput => ({
  match: 'all',
  groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [tagId] }, ...more] }],
});

describe.each(testDrivers())('segments (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  let cohort: TestMember[];
  let tagId: number;

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    cohort = [];
    for (let i = 0; i < 5; i += 1) cohort.push(await createMemberDirect(t, i < 2 ? 'gold' : 'bronze'));
    tagId = await createTag(t);
    await tagMembers(
      t,
      tagId,
      cohort.map((m) => m.id),
    );
    // Facts for three of them; the other two have no row (zeros, prospects).
    for (const [i, member] of cohort.slice(0, 3).entries()) await setFacts(t, member.id, { paidOrders: i + 1, netPaidFen: 10_000 * (i + 1), rfmCell: '111' });
    const phone = '13800001234';
    await t.deps.db
      .update(members)
      .set({ phoneCipher: t.deps.phoneCrypto.encrypt(phone), phoneHash: t.deps.phoneCrypto.hash(phone) })
      .where(sql`${members.id} = ${cohort[0]!.id}`);
  });
  afterAll(() => t.close());

  describe('POST /api/admin/segments/preview', () => {
    it('counts the members a definition matches, out of all members', async () => {
      const res = await t
        .request()
        .post('/api/admin/segments/preview')
        .set(analyst.auth)
        .send({ definition: tagged(tagId, [{ type: 'fact', fact: 'paidOrders', op: 'gte', value: 2 }]) });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(2);
      expect(res.body.totalMembers).toBeGreaterThanOrEqual(5);
      const none = await t
        .request()
        .post('/api/admin/segments/preview')
        .set(analyst.auth)
        .send({ definition: tagged(tagId, [{ type: 'fact', fact: 'paidOrders', op: 'eq', value: 0 }]) });
      expect(none.body.count).toBe(2);
    });

    it.each([
      [
        'an unknown fact',
        {
          match: 'all',
          groups: [
            {
              match: 'all',
              conditions: [
                { type: 'tier', tiers: ['gold'] },
                { type: 'fact', fact: 'shoeSize', op: 'gte', value: 1 },
              ],
            },
          ],
        },
        'groups.0.conditions.1.fact',
      ],
      [
        'a between without its upper bound',
        { match: 'all', groups: [{ match: 'any', conditions: [{ type: 'fact', fact: 'paidOrders', op: 'between', value: 1 }] }] },
        'groups.0.conditions.0.to',
      ],
      ['an unknown condition type', { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'zodiac', signs: [] }] }] }, 'groups.0.conditions.0.type'],
      [
        'products and categories at once',
        { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'bought', productIds: [1], categoryIds: [1], withinDays: 30 }] }] },
        'groups.0.conditions.0.productIds',
      ],
      [
        'an unknown field in a condition',
        { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tier', tiers: ['gold'], sql: 'drop' }] }] },
        'groups.0.conditions.0.sql',
      ],
      [
        'a negative day count',
        { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'couponUsed', withinDays: -1 }] }] },
        'groups.0.conditions.0.withinDays',
      ],
    ])('refuses %s with 400 SEGMENT_DEFINITION_INVALID naming the condition', async (_name, definition, path) => {
      const res = await t.request().post('/api/admin/segments/preview').set(analyst.auth).send({ definition });
      expect([res.status, res.body.error.code]).toEqual([400, 'SEGMENT_DEFINITION_INVALID']);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      // The message names the condition as the builder numbers it, in Chinese, without zod's paths.
      const [, g, c] = /^groups\.(\d+)\.conditions\.(\d+)/.exec(path)!;
      expect(res.body.error.message).toContain(`条件 ${Number(g) + 1}-${Number(c) + 1}：`);
      expect(res.body.error.message).not.toMatch(/groups\.|conditions\.|[Ee]xpected|Invalid/);
    });

    it('refuses unknown tags, channels, products, categories and coupon templates by their condition', async () => {
      const definition = {
        match: 'any',
        groups: [
          {
            match: 'any',
            conditions: [
              { type: 'tag', op: 'any', tagIds: [tagId] },
              { type: 'tag', op: 'all', tagIds: [tagId, 987_654] },
              { type: 'channel', which: 'any', channelIds: [987_654] },
              { type: 'bought', productIds: [987_654], withinDays: 30 },
              { type: 'viewedNotBought', categoryIds: [987_654], withinDays: 30 },
              { type: 'couponHeld', templateIds: [987_654] },
            ],
          },
        ],
      };
      const res = await t.request().post('/api/admin/segments/preview').set(analyst.auth).send({ definition });
      expect([res.status, res.body.error.code]).toEqual([400, 'SEGMENT_DEFINITION_INVALID']);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
        'groups.0.conditions.1.tagIds',
        'groups.0.conditions.2.channelIds',
        'groups.0.conditions.3.productIds',
        'groups.0.conditions.4.categoryIds',
        'groups.0.conditions.5.templateIds',
      ]);
      expect(res.body.error.message).toBe(
        '分群条件有误：条件 1-2：标签 #987654 不存在；条件 1-3：渠道 #987654 不存在；条件 1-4：商品 #987654 不存在；条件 1-5：分类 #987654 不存在；条件 1-6：优惠券模板 #987654 不存在',
      );
    });

    it('refuses a body without a definition or with other fields as VALIDATION_FAILED', async () => {
      for (const body of [{}, { definition: { match: 'all', groups: [] }, extra: 1 }]) {
        const res = await t.request().post('/api/admin/segments/preview').set(analyst.auth).send(body);
        expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('parseSegmentDefinition maps zod problems to the same code', () => {
      expect(() => parseSegmentDefinition({ match: 'some', groups: [] })).toThrow(expect.objectContaining({ code: 'SEGMENT_DEFINITION_INVALID' }));
      expect(parseSegmentDefinition({ match: 'any', groups: [] })).toEqual({ match: 'any', groups: [] });
    });
  });

  describe('members and saved segments', () => {
    it('pages the members of an unsaved definition by id, with masked phones', async () => {
      const first = await t
        .request()
        .post('/api/admin/segments/members')
        .set(analyst.auth)
        .send({ definition: tagged(tagId), limit: 3 });
      expect(first.status).toBe(200);
      expect(first.body.items.map((m: { id: number }) => m.id)).toEqual(cohort.slice(0, 3).map((m) => m.id));
      expect(first.body.items[0]).toMatchObject({
        phoneMasked: '138****1234',
        tierCode: 'gold',
        rfmCell: '111',
        paidOrders: 1,
        netPaidFen: 10_000,
        lifecycle: 'active',
      });
      expect(first.body.items[2]).toMatchObject({ paidOrders: 3 });
      const second = await t
        .request()
        .post('/api/admin/segments/members')
        .set(analyst.auth)
        .send({ definition: tagged(tagId), limit: 3, cursor: first.body.nextCursor });
      expect(second.body.items.map((m: { id: number }) => m.id)).toEqual(cohort.slice(3).map((m) => m.id));
      expect(second.body.items[1]).toMatchObject({ phoneMasked: null, lifecycle: 'prospect', rfmCell: null, paidOrders: 0, netPaidFen: 0, lastPaidAt: null });
      expect(second.body.nextCursor).toBeNull();
      const bad = await t
        .request()
        .post('/api/admin/segments/members')
        .set(analyst.auth)
        .send({ definition: tagged(tagId), cursor: 'garbage' });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    });

    it('creates, reads, changes and archives a segment, audited; lists members, exports CSV, records history and snapshots', async () => {
      const analystTry = await t
        .request()
        .post('/api/admin/segments')
        .set(analyst.auth)
        .send({ name: '金卡', definition: tagged(tagId) });
      expect(analystTry.status).toBe(403);
      const created = await t
        .request()
        .post('/api/admin/segments')
        .set(owner.auth)
        .send({ name: '金卡', definition: tagged(tagId, [{ type: 'tier', tiers: ['gold'] }]) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: '金卡', description: '', status: 'active', lastCount: 2 });
      const id = created.body.id as number;
      expect(await auditRows(t, 'segment.create', id)).toHaveLength(1);
      expect((await t.request().get(`/api/admin/segments/${id}`).set(analyst.auth)).body).toEqual(created.body);
      expect((await t.request().get('/api/admin/segments').set(analyst.auth)).body.items.map((s: { id: number }) => s.id)).toContain(id);

      const patched = await t
        .request()
        .patch(`/api/admin/segments/${id}`)
        .set(owner.auth)
        .send({ definition: tagged(tagId), description: '全部' });
      expect(patched.body).toMatchObject({ name: '金卡', description: '全部', lastCount: 5 });
      expect(await auditRows(t, 'segment.update', id)).toHaveLength(1);
      const badPatch = await t
        .request()
        .patch(`/api/admin/segments/${id}`)
        .set(owner.auth)
        .send({ definition: tagged(987_654) });
      expect([badPatch.status, badPatch.body.error.code, badPatch.body.error.details[0].path]).toEqual([
        400,
        'SEGMENT_DEFINITION_INVALID',
        'groups.0.conditions.0.tagIds',
      ]);

      const page = await t.request().get(`/api/admin/segments/${id}/members?limit=2`).set(analyst.auth);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.nextCursor).toEqual(expect.any(String));

      const csv = await t.request().get(`/api/admin/segments/${id}/export.csv`).set(analyst.auth);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.text).toContain('138****1234');
      expect(csv.text).not.toContain('13800001234');
      expect(csv.text.trim().split('\r\n')).toHaveLength(6);

      expect(await recordSegmentCounts(t.deps.db, '2026-12-01', t.clock.now())).toBeGreaterThanOrEqual(1);
      await recordSegmentCounts(t.deps.db, '2026-12-01', t.clock.now());
      await tagMembers(t, tagId, [(await createMemberDirect(t)).id]);
      await recordSegmentCounts(t.deps.db, '2026-12-02', t.clock.now());
      const history = await t.request().get(`/api/admin/segments/${id}/history`).set(analyst.auth);
      expect(history.body.points.filter((p: { day: string }) => p.day >= '2026-12-01')).toEqual([
        { day: '2026-12-01', members: 5 },
        { day: '2026-12-02', members: 6 },
      ]);

      const snap = await t.request().post(`/api/admin/segments/${id}/snapshots`).set(owner.auth).send({ name: '十二月' });
      expect(snap.status).toBe(201);
      expect(snap.body).toMatchObject({ segmentId: id, name: '十二月', memberCount: 6 });
      // The snapshot is frozen: a seventh member joins the segment, not the snapshot.
      await tagMembers(t, tagId, [(await createMemberDirect(t)).id]);
      const snapCsv = await t.request().get(`/api/admin/segment-snapshots/${snap.body.id}/export.csv`).set(analyst.auth);
      expect(snapCsv.text.trim().split('\r\n')).toHaveLength(7);
      expect((await t.request().get(`/api/admin/segments/${id}/snapshots`).set(analyst.auth)).body.items).toEqual([snap.body]);
      expect((await t.request().get('/api/admin/segment-snapshots/987654/export.csv').set(analyst.auth)).status).toBe(404);

      const archived = await t.request().post(`/api/admin/segments/${id}/archive`).set(owner.auth);
      expect(archived.body.status).toBe('archived');
      expect(await auditRows(t, 'segment.archive', id)).toHaveLength(1);
      expect((await t.request().get('/api/admin/segments/987654').set(analyst.auth)).status).toBe(404);
    });

    it('is closed to members and anonymous callers (BOLA)', async () => {
      const member = cohort[0]!;
      const calls = [
        t
          .request()
          .post('/api/admin/segments/preview')
          .set(member.auth)
          .send({ definition: tagged(tagId) }),
        t
          .request()
          .post('/api/admin/segments/members')
          .set(member.auth)
          .send({ definition: tagged(tagId) }),
        t.request().get('/api/admin/segments').set(member.auth),
        t
          .request()
          .post('/api/admin/segments/preview')
          .send({ definition: tagged(tagId) }),
      ];
      for (const res of await Promise.all(calls)) expect([401, 403]).toContain(res.status);
    });
  });

  describe('issuing a coupon to a segment', () => {
    it('grants exactly its members, and a repeated batch grants nobody twice; a snapshot grants its frozen members', async () => {
      const segmentTag = await createTag(t);
      const targets = cohort.slice(1, 4).map((m) => m.id);
      await tagMembers(t, segmentTag, targets);
      const segment = await t
        .request()
        .post('/api/admin/segments')
        .set(owner.auth)
        .send({ name: '发券', definition: tagged(segmentTag) });
      const template = await createTemplate(t, owner.auth, { visibility: 'hidden', totalCount: 100, perMemberCap: 5 });
      // Approval is the promotions module's business (no SKU here to measure the depth against).
      await t.deps.db.execute(sql`update coupon_templates set approval_status = 'approved' where id = ${template.id}`);
      const issue = (body: Record<string, unknown>) => t.request().post(`/api/admin/coupon-templates/${template.id}/issue`).set(owner.auth).send(body);
      const first = await issue({ segmentId: segment.body.id, batch: 'seg-1' });
      expect(first.body).toEqual({ issued: 3, skipped: [], alreadyIssued: 0 });
      const again = await issue({ segmentId: segment.body.id, batch: 'seg-1' });
      expect(again.body).toEqual({ issued: 0, skipped: [], alreadyIssued: 3 });
      const holders = await queryRows<{ member_id: number }>(
        t.deps.db,
        sql`select member_id from member_coupons where template_id = ${template.id} order by member_id`,
      );
      expect(holders.map((row) => Number(row.member_id))).toEqual(targets);

      const snap = await t.request().post(`/api/admin/segments/${segment.body.id}/snapshots`).set(owner.auth).send({});
      await tagMembers(t, segmentTag, [cohort[4]!.id]);
      const bySnapshot = await issue({ snapshotId: snap.body.id, batch: 'snap-1' });
      expect(bySnapshot.body).toMatchObject({ issued: 3, alreadyIssued: 0 });

      for (const [body, code] of [
        [{ segmentId: 987_654, batch: 'x' }, 'SEGMENT_NOT_FOUND'],
        [{ snapshotId: 987_654, batch: 'x' }, 'SEGMENT_SNAPSHOT_NOT_FOUND'],
        [{ segmentId: segment.body.id, memberIds: [1], batch: 'x' }, 'VALIDATION_FAILED'],
      ] as const) {
        const res = await issue(body);
        expect(res.body.error.code).toBe(code);
      }
    });
  });

  describe('rule tags', () => {
    it('runs after the member-facts consumer', () => {
      const names = EVENT_CONSUMERS.map((consumer) => consumer.name);
      expect(names.indexOf('rule-tags')).toBe(names.indexOf(memberFactsConsumer.name) + 1);
    });

    it('sets a rule tag to exactly the matching members, for the named members or everyone, and through the consumer', async () => {
      const ruleTag = await createTag(t, 'rule', tagged(tagId, [{ type: 'fact', fact: 'netPaidFen', op: 'gte', value: 20_000 }]));
      const carriers = async () =>
        (
          await queryRows<{ member_id: number }>(
            t.deps.db,
            sql`select member_id from member_tags where tag_id = ${ruleTag} and source = 'rule' order by member_id`,
          )
        ).map((r) => Number(r.member_id));
      await applyRuleTags(t.deps.db, [cohort[1]!.id], t.clock.now());
      expect(await carriers()).toEqual([cohort[1]!.id]);
      await applyRuleTags(t.deps.db, null, t.clock.now());
      expect(await carriers()).toEqual([cohort[1]!.id, cohort[2]!.id]);
      // cohort[1] drops below the bar and cohort[3] rises above it: the consumer follows their events.
      await setFacts(t, cohort[1]!.id, { paidOrders: 1, netPaidFen: 100 });
      await setFacts(t, cohort[3]!.id, { paidOrders: 1, netPaidFen: 90_000 });
      // The handler as a tick hands it the events (the outbox itself is tested in events/; on a shared server another
      // database's long transaction can hold its cursor back for a while).
      const events = [cohort[1]!, cohort[3]!].map((member, i) => ({
        id: i + 1,
        txId: 1,
        type: 'member.tier_changed' as const,
        occurredAt: t.clock.now(),
        memberId: member.id,
        orderId: null,
        payload: { fromTier: 'bronze', toTier: 'bronze', reason: 'test' },
      }));
      await t.deps.db.transaction((tx) => ruleTagsConsumer.handle(tx, events, { now: t.clock.now() }));
      expect(await carriers()).toEqual([cohort[2]!.id, cohort[3]!.id]);
    });
  });

  describe('consent', () => {
    it('reads a member without a consent row as the messaging guards do: personalised on, SMS / WeCom / subscribe off', async () => {
      for (const channel of SEGMENT_CONSENT_CHANNELS) expect([channel, SEGMENT_CONSENT_DEFAULTS[channel]]).toEqual([channel, consentDefault(channel)]);
      const five = await createTag(t);
      await tagMembers(
        t,
        five,
        cohort.map((m) => m.id),
      );
      const count = async (channel: SegmentConsentChannel, granted: boolean) => {
        const res = await t
          .request()
          .post('/api/admin/segments/preview')
          .set(analyst.auth)
          .send({ definition: tagged(five, [{ type: 'consent', channel, granted }]) });
        expect(res.status).toBe(200);
        return res.body.count as number;
      };
      const [first, second] = [cohort[0]!.id, cohort[1]!.id];
      // No consent rows yet: the five are all personalised-on and none has granted SMS.
      expect([await count('personalized', true), await count('personalized', false), await count('sms', true), await count('sms', false)]).toEqual([
        5, 0, 0, 5,
      ]);
      // One member opts out of personalised marketing, another grants SMS; the consumer re-tags them.
      const ruleTag = await createTag(t, 'rule', tagged(five, [{ type: 'consent', channel: 'personalized', granted: false }]));
      const events = await t.deps.db.transaction(async (tx) => {
        const proof = { source: 'test', proof: 'test', now: t.clock.now() };
        await setConsent(tx, { memberId: first, channel: 'personalized', granted: false, ...proof });
        await setConsent(tx, { memberId: second, channel: 'sms', granted: true, ...proof });
        return queryRows<{ id: number }>(tx, sql`select id from domain_events where type = 'member.consent_changed' and member_id in (${first}, ${second})`);
      });
      expect(events).toHaveLength(2);
      expect([await count('personalized', true), await count('personalized', false), await count('sms', true)]).toEqual([4, 1, 1]);
      expect(RULE_TAG_EVENT_TYPES).toContain('member.consent_changed');
      const consentEvent = {
        id: 1,
        txId: 1,
        type: 'member.consent_changed' as const,
        occurredAt: t.clock.now(),
        memberId: first,
        orderId: null,
        payload: { channel: 'personalized', granted: false, source: 'test' },
      };
      await t.deps.db.transaction((tx) => ruleTagsConsumer.handle(tx, [consentEvent], { now: t.clock.now() }));
      const carriers = await queryRows<{ member_id: number }>(t.deps.db, sql`select member_id from member_tags where tag_id = ${ruleTag}`);
      expect(carriers.map((row) => Number(row.member_id))).toEqual([first]);
    });
  });

  describe('the time limit', () => {
    it(driver === 'postgres' ? 'answers 422 SEGMENT_TOO_SLOW when a query is cancelled' : 'runs to the end on PGlite (no statement timer there)', async () => {
      const slow = withSegmentTimeout(t.deps.db, (tx) => tx.execute(sql`select pg_sleep(0.3)`), 50);
      if (driver === 'postgres') await expect(slow).rejects.toMatchObject({ code: 'SEGMENT_TOO_SLOW', status: 422 });
      else await expect(slow).resolves.toBeDefined();
      // The limit is local to the transaction: the pooled connection keeps its default.
      const [row] = await queryRows<{ statement_timeout: string }>(t.deps.db, sql`show statement_timeout`);
      expect(row?.statement_timeout).toBe('0');
      expect(await countSegment(t.deps.db, { match: 'all', groups: [] }, t.clock.now())).toBeGreaterThanOrEqual(5);
    });
  });
});
