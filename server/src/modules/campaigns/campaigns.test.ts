import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { armFor } from '../experiments/assign';
import { DEFAULT_MESSAGING_SETTINGS } from '@siyu/shared';
import { saveMessagingSettings } from '../messaging/settings';
import { ensureDefaultSmsTemplates } from '../sms/templates';
import { runDueCampaigns } from './enqueue';

const inapp = (content: string) => ({ channel: 'inapp', template: 'text', variables: { title: '上新', content }, link: null });

describe.each(testDrivers())('campaigns (%s)', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  let analyst: TestStaff;
  let segmentId: number;
  let tagged: number[];
  let optedOut: number;

  beforeAll(async () => {
    t = await createTestApp(driver);
    operator = await createStaff(t, 'operator');
    analyst = await createStaff(t, 'analyst');
    const name = `c${crypto.randomBytes(4).toString('hex')}`;
    const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
    const [tag] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into tags (group_id, name, kind) values (${group!.id}, ${name}, 'manual') returning id`,
    );
    const definition = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [Number(tag!.id)] }] }] });
    const [segment] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into segments (name, definition) values (${name}, ${definition}::jsonb) returning id`,
    );
    segmentId = Number(segment!.id);
    tagged = [];
    for (let i = 0; i < 8; i += 1) {
      const member = await createMemberDirect(t);
      tagged.push(member.id);
      await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${member.id}, ${Number(tag!.id)}, 'manual')`);
    }
    optedOut = tagged[0]!;
    await t.deps.db.execute(sql`insert into member_consents (member_id, channel, granted, source) values (${optedOut}, 'personalized', false, 'settings')`);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, auth = operator.auth) => t.request().post('/api/admin/campaigns').set(auth).send(body);
  const intentsOf = (campaignId: number) =>
    queryRows<{ member_id: number; key: string; arm: string | null; variables: Record<string, string>; channel: string; purpose: string }>(
      t.deps.db,
      sql`select member_id, key, arm, variables, channel, purpose from message_intents where campaign_id = ${campaignId} order by member_id`,
    );

  it('refuses bad input (400), unknown segments (404) and staff without journeys:write (403); nothing written', async () => {
    const base = { name: '上新', kind: 'broadcast', segmentId, scheduledAt: t.clock.now().toISOString(), content: inapp('新品到了') };
    expect((await create({ ...base, content: null })).status).toBe(400);
    expect((await create({ ...base, kind: 'coupon_drop', content: null })).status).toBe(400);
    expect((await create({ ...base, variantB: inapp('B') })).status).toBe(400);
    expect((await create({ ...base, content: inapp('{{order.no}}') })).status).toBe(400);
    // Subscribe messages carry service notices only: a marketing campaign on them is refused, naming the field.
    const subscribe = { channel: 'subscribe', template: 'order_shipped', variables: { thing1: '上新' }, link: null };
    const marketingSubscribe = await create({ ...base, content: subscribe });
    expect(marketingSubscribe.status).toBe(400);
    expect(JSON.stringify(marketingSubscribe.body.error)).toContain('content.channel');
    expect((await create({ ...base, segmentId: 999_999 })).body.error.code).toBe('SEGMENT_NOT_FOUND');
    expect((await create(base, analyst.auth)).status).toBe(403);
    const [row] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from campaigns`);
    expect(Number(row!.count)).toBe(0);
  });

  it('checks an SMS message as a journey step is checked at publish: the template, its kind, each variable and no link (400 CAMPAIGN_INVALID naming the field)', async () => {
    await ensureDefaultSmsTemplates(t.deps.db);
    const sms = (template: string, variables: Record<string, string>) => ({ channel: 'sms', template, variables, link: null });
    const base = { name: '召回', kind: 'broadcast', segmentId, scheduledAt: t.clock.now().toISOString() };
    const refused = async (content: unknown, path: string, words: string, extra: Record<string, unknown> = {}) => {
      const res = await create({ ...base, content, ...extra });
      expect([res.status, res.body.error.code]).toEqual([400, 'CAMPAIGN_INVALID']);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path, message: expect.stringContaining(words) })]);
      expect(res.body.error.message).toContain(words);
    };
    await refused(sms('SMS_NOPE', { name: '{{member.name}}' }), 'content.template', '短信模板 "SMS_NOPE" 不存在');
    await refused(sms('SMS_ORDER_UNPAID', { orderNo: '1' }), 'content.template', '营销消息须使用营销类短信模板');
    await refused(sms('SMS_WINBACK', {}), 'content.variables.name', '缺少短信变量 name');
    await refused(sms('SMS_WINBACK', { name: '戳 https://x.cn' }), 'content.variables.name', '不能含链接');
    await refused(sms('SMS_WINBACK', { name: '会员'.repeat(18) }), 'content.variables.name', '不超过 35 字');
    await refused(inapp('新品'), 'variantB.variables.name', 'B 版本 短信变量 name：不能含链接', {
      variantB: sms('SMS_WINBACK', { name: 'www.example.cn' }),
      experiment: { splitBp: 5000, conversionDays: 7 },
    });
    const [row] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from campaigns`);
    expect(Number(row!.count)).toBe(0);
    const fine = await create({
      ...base,
      content: sms('SMS_WINBACK', { name: '{{member.name}}' }),
      scheduledAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(fine.status).toBe(201);
    expect((await t.request().post(`/api/admin/campaigns/${fine.body.id}/cancel`).set(operator.auth)).status).toBe(200);
  });

  it('enqueues a segment broadcast once: one intent per member, personalised-off members skipped, names rendered', async () => {
    const res = await create({
      name: '上新',
      kind: 'broadcast',
      segmentId,
      scheduledAt: t.clock.now().toISOString(),
      content: inapp('{{member.name}}，新品到了'),
    });
    expect(res.status).toBe(201);
    const id = res.body.id as number;
    expect(await runDueCampaigns(t.deps.db, t.clock.now())).toBe(1);
    expect(await runDueCampaigns(t.deps.db, t.clock.now())).toBe(0);
    const intents = await intentsOf(id);
    expect(intents.map((row) => Number(row.member_id))).toEqual(tagged.slice(1));
    expect(intents[0]!.key).toBe(`campaign:${id}:${tagged[1]}`);
    expect(intents[0]!.variables.content).toMatch(/^.{1,10}，新品到了$/);
    expect(intents[0]!.purpose).toBe('marketing');
    const view = await t.request().get(`/api/admin/campaigns/${id}`).set(analyst.auth);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'done', enqueued: 7, counts: { pending: 7 } });
    const audit = await queryRows<{ action: string }>(
      t.deps.db,
      sql`select action from audit_log where target_type = 'campaign' and target_id = ${String(id)}`,
    );
    expect(audit.map((row) => row.action)).toEqual(['campaign.create']);
  });

  it('a broadcast to everyone is non-personalised: it reaches members who turned personalised marketing off', async () => {
    const res = await create({ name: '全员', kind: 'broadcast', segmentId: null, scheduledAt: t.clock.now().toISOString(), content: inapp('店庆') });
    await runDueCampaigns(t.deps.db, t.clock.now());
    const ids = (await intentsOf(res.body.id)).map((row) => Number(row.member_id));
    expect(ids).toContain(optedOut);
    const [all] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from members`);
    expect(ids).toHaveLength(Number(all!.count));
  });

  it('with an experiment: arms as armFor, variant B content for arm B, holdout gets an assignment and no intent', async () => {
    const res = await create({
      name: 'AB',
      kind: 'broadcast',
      segmentId,
      scheduledAt: t.clock.now().toISOString(),
      content: inapp('A 文案'),
      variantB: { ...inapp('B 文案'), channel: 'inapp' },
      experiment: { holdoutBp: 3000, splitBp: 5000, conversionDays: 7 },
    });
    expect(res.status).toBe(201);
    await runDueCampaigns(t.deps.db, t.clock.now());
    const [experiment] = await queryRows<{ salt: string }>(t.deps.db, sql`select salt from experiments where id = ${res.body.experimentId}`);
    const assignments = await queryRows<{ member_id: number; arm: string }>(
      t.deps.db,
      sql`select member_id, arm from experiment_assignments where experiment_id = ${res.body.experimentId} order by member_id`,
    );
    const expected = tagged.slice(1).map((id) => ({ id, arm: armFor(experiment!.salt, id, 3000, 5000) }));
    expect(assignments.map((row) => [Number(row.member_id), row.arm])).toEqual(expected.map((row) => [row.id, row.arm]));
    const intents = await intentsOf(res.body.id);
    expect(intents.map((row) => [Number(row.member_id), row.arm, row.variables.content])).toEqual(
      expected.filter((row) => row.arm !== 'holdout').map((row) => [row.id, row.arm, row.arm === 'B' ? 'B 文案' : 'A 文案']),
    );
    const view = await t.request().get(`/api/admin/campaigns/${res.body.id}`).set(analyst.auth);
    expect(view.body.holdout).toBe(expected.filter((row) => row.arm === 'holdout').length);
  });

  it('a coupon drop grants one coupon per member (not the holdout) and a rerun grants none', async () => {
    const [template] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_days, visibility, face_value_fen)
        values ('活动券', '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', 30, 'hidden', 100) returning id`,
    );
    const res = await create({
      name: '发券',
      kind: 'coupon_drop',
      segmentId,
      couponId: Number(template!.id),
      scheduledAt: t.clock.now().toISOString(),
      experiment: { holdoutBp: 3000, splitBp: 0, conversionDays: 7 },
    });
    expect(res.status).toBe(201);
    await runDueCampaigns(t.deps.db, t.clock.now());
    // A crash after the grants: the campaign runs again from the start and writes nothing twice.
    await t.deps.db.execute(
      sql`update campaigns set status = 'running', updated_at = ${new Date(t.clock.now().getTime() - 3_600_000).toISOString()}::timestamptz where id = ${res.body.id}`,
    );
    expect(await runDueCampaigns(t.deps.db, t.clock.now())).toBe(1);
    const [experiment] = await queryRows<{ salt: string }>(t.deps.db, sql`select salt from experiments where id = ${res.body.experimentId}`);
    const coupons = await queryRows<{ member_id: number }>(
      t.deps.db,
      sql`select member_id from member_coupons where template_id = ${template!.id} order by member_id`,
    );
    const expected = tagged.slice(1).filter((id) => armFor(experiment!.salt, id, 3000, 0) !== 'holdout');
    expect(coupons.map((row) => Number(row.member_id))).toEqual(expected);
    const view = await t.request().get(`/api/admin/campaigns/${res.body.id}`).set(analyst.auth);
    expect(view.body).toMatchObject({ status: 'done', couponsGranted: expected.length, enqueued: expected.length });
  });

  it('a coupon drop stops at the template count (lowest member ids first) and a stopped template grants nothing; the notice still goes to all', async () => {
    const template = async (name: string) => {
      const [row] = await queryRows<{ id: number }>(
        t.deps.db,
        sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_days, visibility, face_value_fen, total_count)
          values (${name}, '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', 30, 'hidden', 100, 3) returning id`,
      );
      return Number(row!.id);
    };
    const later = new Date(t.clock.now().getTime() + 3_600_000);
    const run = async (couponId: number, beforeRun = async () => {}) => {
      const res = await create({
        name: '限量发券',
        kind: 'coupon_drop',
        segmentId,
        couponId,
        content: inapp('券已到账'),
        // An hour ahead, so no background scan runs it before the test has changed the template.
        scheduledAt: later.toISOString(),
      });
      expect(res.status).toBe(201);
      await beforeRun();
      await runDueCampaigns(t.deps.db, later);
      const coupons = await queryRows<{ member_id: number }>(
        t.deps.db,
        sql`select member_id from member_coupons where template_id = ${couponId} order by member_id`,
      );
      return { id: Number(res.body.id), holders: coupons.map((row) => Number(row.member_id)) };
    };
    const limited = await template('限量券');
    const first = await run(limited);
    expect(first.holders).toEqual(tagged.slice(1, 4));
    const [row] = await queryRows<{ issued_count: number }>(t.deps.db, sql`select issued_count from coupon_templates where id = ${limited}`);
    expect(Number(row!.issued_count)).toBe(3);
    expect(await intentsOf(first.id)).toHaveLength(tagged.length - 1);
    // Stopped after the campaign was scheduled: the drop grants nothing, the notice still goes out.
    const stoppedId = await template('停发券');
    const stopped = await run(stoppedId, async () => {
      await t.deps.db.execute(sql`update coupon_templates set status = 'stopped' where id = ${stoppedId}`);
    });
    expect(stopped.holders).toEqual([]);
    expect(await intentsOf(stopped.id)).toHaveLength(tagged.length - 1);
  });

  it('lure A vs B: a coupon drop gives arm B the B coupon, arm A the A coupon, the holdout none; a B coupon needs a B arm', async () => {
    const coupon = async (name: string) => {
      const [row] = await queryRows<{ id: number }>(
        t.deps.db,
        sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_days, visibility, face_value_fen)
          values (${name}, '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', 30, 'hidden', 100) returning id`,
      );
      return Number(row!.id);
    };
    const lureA = await coupon('A 券');
    const lureB = await coupon('B 券');
    const base = { name: '券 A/B', kind: 'coupon_drop', segmentId, couponId: lureA, couponIdB: lureB, scheduledAt: t.clock.now().toISOString() };
    expect((await create({ ...base, experiment: { holdoutBp: 2000, splitBp: 0, conversionDays: 7 } })).status).toBe(400);
    expect((await create({ ...base, kind: 'broadcast', content: inapp('x'), experiment: { holdoutBp: 2000, splitBp: 5000, conversionDays: 7 } })).status).toBe(
      400,
    );
    expect((await create({ ...base, couponIdB: 999_999, experiment: { holdoutBp: 2000, splitBp: 5000, conversionDays: 7 } })).body.error.code).toBe(
      'COUPON_TEMPLATE_NOT_FOUND',
    );
    const res = await create({ ...base, experiment: { holdoutBp: 2000, splitBp: 5000, conversionDays: 7 } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ couponId: lureA, couponIdB: lureB });
    // A salt that puts these seven members in all three arms (the campaign reads the salt when it runs).
    const audience = tagged.slice(1);
    let salt = '';
    for (let i = 0; !salt; i += 1) {
      const arms = new Set(audience.map((id) => armFor(`lure-${i}`, id, 2000, 5000)));
      if (arms.size === 3) salt = `lure-${i}`;
    }
    await t.deps.db.execute(sql`update experiments set salt = ${salt} where id = ${res.body.experimentId}`);
    await runDueCampaigns(t.deps.db, t.clock.now());
    const [experiment] = await queryRows<{ salt: string; split_bp: number }>(
      t.deps.db,
      sql`select salt, split_bp from experiments where id = ${res.body.experimentId}`,
    );
    expect(experiment!.split_bp).toBe(5000);
    const granted = await queryRows<{ member_id: number; template_id: number }>(
      t.deps.db,
      sql`select member_id, template_id from member_coupons where source_key like ${`campaign:${res.body.id}:%`} order by member_id`,
    );
    const arms = audience.map((id) => [id, armFor(experiment!.salt, id, 2000, 5000)] as const);
    const expected = arms.filter(([, arm]) => arm !== 'holdout').map(([id, arm]) => [id, arm === 'B' ? lureB : lureA]);
    expect(granted.map((row) => [Number(row.member_id), Number(row.template_id)])).toEqual(expected);
  });

  it("an experiment without a holdout share takes the store's default (消息设置, 10 % unless changed)", async () => {
    const later = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const body = { name: '默认对照', kind: 'broadcast', segmentId, scheduledAt: later, content: inapp('x'), experiment: { splitBp: 0, conversionDays: 7 } };
    const holdoutOf = async (id: number) =>
      Number((await queryRows<{ holdout_bp: number }>(t.deps.db, sql`select holdout_bp from experiments where id = ${id}`))[0]!.holdout_bp);
    const first = await create(body);
    expect(first.status).toBe(201);
    expect(await holdoutOf(first.body.experimentId)).toBe(1000);
    await saveMessagingSettings(t.deps.db, { ...DEFAULT_MESSAGING_SETTINGS, holdoutBp: 1500 }, null, t.clock.now());
    try {
      expect(await holdoutOf((await create(body)).body.experimentId)).toBe(1500);
      expect(await holdoutOf((await create({ ...body, experiment: { holdoutBp: 500, splitBp: 0, conversionDays: 7 } })).body.experimentId)).toBe(500);
    } finally {
      await saveMessagingSettings(t.deps.db, DEFAULT_MESSAGING_SETTINGS, null, t.clock.now());
    }
  });

  it('cancels a scheduled campaign (never enqueued); a finished one is 409; unknown 404', async () => {
    const later = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const res = await create({ name: '晚点', kind: 'broadcast', segmentId, scheduledAt: later, content: inapp('晚点') });
    expect((await t.request().post(`/api/admin/campaigns/${res.body.id}/cancel`).set(analyst.auth)).status).toBe(403);
    const cancelled = await t.request().post(`/api/admin/campaigns/${res.body.id}/cancel`).set(operator.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await runDueCampaigns(t.deps.db, new Date(t.clock.now().getTime() + 7_200_000));
    expect(await intentsOf(res.body.id)).toEqual([]);
    const again = await t.request().post(`/api/admin/campaigns/${res.body.id}/cancel`).set(operator.auth);
    expect(again.body.error.code).toBe('CAMPAIGN_NOT_CANCELLABLE');
    expect((await t.request().get('/api/admin/campaigns/999999').set(analyst.auth)).status).toBe(404);
    const list = await t.request().get('/api/admin/campaigns').set(analyst.auth);
    expect(list.body.items.length).toBeGreaterThanOrEqual(5);
  });

  if (driver === 'postgres') {
    it('scanners racing on one due campaign write every intent exactly once', async () => {
      const res = await create({ name: '并发', kind: 'broadcast', segmentId, scheduledAt: t.clock.now().toISOString(), content: inapp('并发') });
      const runs = await Promise.all(Array.from({ length: 6 }, () => runDueCampaigns(t.deps.db, t.clock.now())));
      expect(runs.reduce((sum, n) => sum + n, 0)).toBe(1);
      expect(await intentsOf(res.body.id)).toHaveLength(7);
      const [row] = await queryRows<{ enqueued: number }>(t.deps.db, sql`select enqueued from campaigns where id = ${res.body.id}`);
      expect(Number(row!.enqueued)).toBe(7);
    });
  }
});
