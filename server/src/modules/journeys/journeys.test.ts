import { sql } from 'drizzle-orm';
import type { JourneyStep, JourneyTrigger } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTemplate, insertOrder } from '../coupons/test-factories';
import { appendEvent, appendEvents, drainConsumerFully } from '../events';
import { insertMembers } from '../tags/test-factories';
import { dispatchDue } from '../messaging/dispatcher';
import { ensureDefaultSmsTemplates } from '../sms/templates';
import { journeysConsumer } from './consumer';
import { nextChinaTime, runDueSteps } from './runner';
import { pauseJourney, publishJourney, resumeJourney, updateDraft } from './service';
import { createTagRow, definitionOf, enroll, enrollmentsOf, inappStep, intentsOf, publishedJourney, stepRunsOf, versionOf } from './test-factories';
import { structuralIssues } from './validate';

const MINUTE = 60_000;

describe('journey graph checks', () => {
  const wait = (id: string, next: string | null): JourneyStep => ({ id, type: 'wait', minutes: 5, next });
  const branch = (id: string, yes: string | null, no: string | null): JourneyStep => ({
    id,
    type: 'branch',
    condition: { kind: 'ordered_since_entry' },
    yes,
    no,
  });
  const tag = (id: string, next: string | null): JourneyStep => ({ id, type: 'tag', action: 'add', tagId: 1, next });

  it.each([
    ['unreachable step', definitionOf([tag('a', null), tag('b', null)]), 'steps[1]', '无法到达'],
    ['dangling next', definitionOf([tag('a', 'zz')]), 'steps[0].next', '"zz" 不存在'],
    ['duplicate id', definitionOf([tag('a', null), tag('a', null)]), 'steps[1].id', '重复'],
    ['loop without a wait', definitionOf([tag('a', 'b'), branch('b', 'a', null)]), 'steps[0]', '循环中必须有等待步骤'],
    ['missing entry', { ...definitionOf([tag('a', null)]), entryStepId: 'x' }, 'entryStepId', '入口'],
  ])('refuses a %s', (_, definition, path, message) => {
    const issues = structuralIssues(definition);
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
  });

  it('accepts a loop that passes a wait step', () => {
    expect(structuralIssues(definitionOf([wait('a', 'b'), branch('b', 'a', null)]))).toEqual([]);
  });

  it('finds the next HH:MM China time', () => {
    expect(nextChinaTime(new Date('2026-12-06T01:00:00Z'), '10:00').toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(nextChinaTime(new Date('2026-12-06T03:00:00Z'), '10:00').toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });
});

describe.each(testDrivers())('journeys (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    await t.deps.db.execute(sql`insert into subscribe_templates (key, template_id, title, fields)
      values ('jt_ship', 'TPL_JT_SHIP', '发货通知', ${JSON.stringify([
        { key: 'thing1', label: '商品', placeholder: '' },
        { key: 'character_string2', label: '单号', placeholder: '' },
      ])}::jsonb)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const subscribeStep = (thing1: string): JourneyStep => ({
    id: 's1',
    type: 'send',
    content: { channel: 'subscribe', template: 'jt_ship', variables: { thing1, character_string2: '{{order.no}}' } },
    next: null,
  });

  async function publishViaApi(definition: unknown) {
    const created = await t.request().post('/api/admin/journeys').set(owner.auth).send({ name: '测试旅程', definition });
    expect(created.status).toBe(201);
    return t.request().post(`/api/admin/journeys/${created.body.id}/publish`).set(owner.auth).send({});
  }

  it('refuses at publish a subscribe value that can exceed its field, naming the field', async () => {
    const res = await publishViaApi(definitionOf([subscribeStep('{{order.item}}已发货请注意查收哦')]));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('JOURNEY_INVALID');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'steps[0].content.variables.thing1', message: expect.stringContaining('thing1') }),
    ]);
  });

  it('refuses at publish an SMS variable that can exceed Aliyun’s 35 characters, naming the variable', async () => {
    await ensureDefaultSmsTemplates(t.deps.db);
    const sms = (orderNo: string) =>
      definitionOf([{ id: 's1', type: 'send', content: { channel: 'sms', template: 'SMS_ORDER_UNPAID', variables: { orderNo } }, next: null }]);
    const long = await publishViaApi(sms('订单{{order.no}}（{{order.item}}）'));
    expect(long.status).toBe(422);
    expect(long.body.error.details).toEqual([
      expect.objectContaining({ path: 'steps[0].content.variables.orderNo', message: expect.stringContaining('不超过 35 字（最长可达 48 字）') }),
    ]);
    const link = await publishViaApi(sms('见x.cn'));
    expect([link.status, link.body.error.details]).toEqual([
      422,
      [expect.objectContaining({ path: 'steps[0].content.variables.orderNo', message: expect.stringContaining('不能含链接') })],
    ]);
    expect((await publishViaApi(sms('{{order.no}}'))).status).toBe(200);
  });

  it('refuses at publish a B version without an experiment that has a B arm, naming the step', async () => {
    const text = (content: string) => ({ channel: 'inapp' as const, template: 'text', variables: { title: '通知', content } });
    const b: JourneyStep = { id: 's1', type: 'send', content: text('A 版'), variants: { B: text('B 版') }, next: null };
    const noArm = await publishViaApi(definitionOf([b], { experiment: { holdoutBp: 1000, splitBp: 0, conversionDays: 7 } }));
    expect(noArm.status).toBe(422);
    expect(noArm.body.error.details).toEqual([expect.objectContaining({ path: 'steps[0].variants.B', message: expect.stringContaining('B 组比例') })]);
    expect((await publishViaApi(definitionOf([b], { experiment: { holdoutBp: 1000, splitBp: 5000, conversionDays: 7 } }))).status).toBe(200);
  });

  it('refuses an unknown placeholder and marketing on subscribe messages', async () => {
    const unknown = await publishViaApi(definitionOf([subscribeStep('{{order.colour}}')]));
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body.error.details)).toContain('order.colour');
    const marketing = await publishViaApi(definitionOf([subscribeStep('{{order.item}}')], { purpose: 'marketing' }));
    expect(marketing.status).toBe(422);
    expect(marketing.body.error.details).toEqual([expect.objectContaining({ message: expect.stringContaining('订阅消息只能发送服务通知') })]);
  });

  it('publishes a valid subscribe journey; analysts read but cannot write; writes are audited', async () => {
    const ok = await publishViaApi(definitionOf([subscribeStep('{{order.item}}')]));
    expect(ok.status).toBe(200);
    expect(ok.body.version.version).toBe(1);
    const id = ok.body.journey.id as number;
    expect((await t.request().post(`/api/admin/journeys/${id}/pause`).set(analyst.auth).send({})).status).toBe(403);
    expect((await t.request().get(`/api/admin/journeys/${id}`).set(analyst.auth)).status).toBe(200);
    expect((await t.request().post(`/api/admin/journeys/${id}/pause`).set(owner.auth).send({})).body.status).toBe('paused');
    expect((await t.request().post(`/api/admin/journeys/${id}/pause`).set(owner.auth).send({})).status).toBe(409);
    const audits = await queryRows<{ action: string }>(
      t.deps.db,
      sql`select action from audit_log where target_type = 'journey' and target_id = ${String(id)} order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual(['journey.create', 'journey.publish', 'journey.pause']);
    const list = await t.request().get('/api/admin/journeys').set(analyst.auth);
    expect(list.body.items.find((j: { id: number }) => j.id === id)).toMatchObject({ status: 'paused', version: 1 });
  });

  it('runs wait, send, branch, tag, points, coupon and task steps, then completes with journey.exited', async () => {
    const yesTag = await createTagRow(t);
    const addTag = await createTagRow(t);
    const coupon = await createTemplate(t, owner.auth);
    // A no-threshold coupon may await an owner's approval; approve it directly (approvals are another module's).
    await t.deps.db.execute(sql`update coupon_templates set approval_status = 'approved' where id = ${coupon.id} and approval_status = 'pending'`);
    const journey = await publishedJourney(
      t,
      definitionOf([
        { id: 'w', type: 'wait', minutes: 10, next: 's' },
        inappStep('s', 'b'),
        { id: 'b', type: 'branch', condition: { kind: 'tag', tagId: yesTag }, yes: 't', no: null },
        { id: 't', type: 'tag', action: 'add', tagId: addTag, next: 'p' },
        { id: 'p', type: 'grant_points', points: 50, reason: '旅程奖励', next: 'c' },
        { id: 'c', type: 'grant_coupon', couponId: coupon.id, next: 'k' },
        { id: 'k', type: 'task', kind: 'call', title: '回访 {{member.name}}', script: '您好', dueInHours: 24, next: null },
      ]),
    );
    const yes = await createMemberDirect(t);
    const no = await createMemberDirect(t);
    await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${yes.id}, ${yesTag}, 'manual')`);
    expect(await enroll(t, journey, [yes.id, no.id])).toBe(2);
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(2); // both waits
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(0);
    expect(await intentsOf(t, journey.journeyId)).toEqual([]);
    t.clock.advance(11 * MINUTE);
    // yes: send, branch, tag, points, coupon, task; no: send, branch.
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(8);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(2);
    const nickname = (await queryRows<{ nickname: string }>(t.deps.db, sql`select nickname from members where id = ${yes.id}`))[0]!.nickname;
    const mine = intents.find((i) => i.member_id === yes.id)!;
    expect(mine).toMatchObject({ key: `j${journey.versionId}:m${yes.id}:s:o1:1`, channel: 'inapp', purpose: 'service' });
    expect(mine.variables.content).toBe(`你好 ${nickname.slice(0, 10)}`);
    expect(await queryRows(t.deps.db, sql`select 1 from member_tags where member_id = ${yes.id} and tag_id = ${addTag} and source = 'journey'`)).toHaveLength(
      1,
    );
    expect(await queryRows(t.deps.db, sql`select 1 from member_tags where member_id = ${no.id} and tag_id = ${addTag}`)).toHaveLength(0);
    const [points] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select coalesce(sum(amount), 0)::int as n from points_lots where member_id = ${yes.id} and source = 'journey'`,
    );
    expect(points!.n).toBe(50);
    expect(await queryRows(t.deps.db, sql`select 1 from member_coupons where member_id = ${yes.id} and source = 'journey'`)).toHaveLength(1);
    const tasks = await queryRows<{ title: string; source_key: string }>(t.deps.db, sql`select title, source_key from staff_tasks where member_id = ${yes.id}`);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.title).toContain('回访');
    const enrollments = await enrollmentsOf(t, journey.journeyId);
    expect(enrollments.map((e) => e.status)).toEqual(['completed', 'completed']);
    const events = await queryRows(
      t.deps.db,
      sql`select 1 from domain_events where type = 'journey.exited' and (payload ->> 'journeyId')::int = ${journey.journeyId}`,
    );
    expect(events).toHaveLength(2);
    const detail = await t.request().get(`/api/admin/journeys/${journey.journeyId}`).set(owner.auth);
    expect(detail.body.stepCounts.b).toMatchObject({ entered: 2, yes: 1, no: 1 });
    const runs = await stepRunsOf(t, journey.journeyId);
    expect(runs).toHaveLength(10);
  });

  it('keeps in-flight members on their version after a republish; new entrants take the new one', async () => {
    const journey = await publishedJourney(t, definitionOf([{ id: 'w', type: 'wait', minutes: 5, next: 's' }, inappStep('s', null, '旧版')]));
    const early = await createMemberDirect(t);
    await enroll(t, journey, [early.id]);
    await runDueSteps(t.deps, t.clock.now());
    await updateDraft(t.deps.db, journey.journeyId, {
      definition: definitionOf([{ id: 'w', type: 'wait', minutes: 5, next: 's' }, inappStep('s', null, '新版')]),
    });
    const published = await publishJourney(t.deps.db, journey.journeyId, null, t.clock.now());
    expect(published.version.version).toBe(2);
    const v2 = await versionOf(t, journey.journeyId);
    const late = await createMemberDirect(t);
    await enroll(t, v2, [late.id]);
    for (let i = 0; i < 2; i += 1) {
      t.clock.advance(6 * MINUTE);
      await runDueSteps(t.deps, t.clock.now());
    }
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents.find((i) => i.member_id === early.id)!.variables.content).toBe('旧版');
    expect(intents.find((i) => i.member_id === late.id)!.variables.content).toBe('新版');
  });

  it('pauses (no advance, no entrants) and resumes', async () => {
    const journey = await publishedJourney(t, definitionOf([inappStep('s', null)]));
    const [a, b] = await insertMembers(t, 2);
    await pauseJourney(t.deps.db, journey.journeyId);
    expect(await enroll(t, journey, [a!])).toBe(0);
    await resumeJourney(t.deps.db, journey.journeyId);
    expect(await enroll(t, journey, [a!, b!])).toBe(2);
    await pauseJourney(t.deps.db, journey.journeyId);
    await runDueSteps(t.deps, t.clock.now());
    expect(await intentsOf(t, journey.journeyId)).toEqual([]);
    await resumeJourney(t.deps.db, journey.journeyId);
    await runDueSteps(t.deps, t.clock.now());
    expect(await intentsOf(t, journey.journeyId)).toHaveLength(2);
  });

  it('applies the re-entry modes and the cooldown', async () => {
    const [m] = await insertMembers(t, 1);
    const once = await publishedJourney(t, definitionOf([inappStep('s', null)], { reentry: { mode: 'once', cooldownDays: 0 } }));
    expect(await enroll(t, once, [m!], 'a')).toBe(1);
    expect(await enroll(t, once, [m!], 'b')).toBe(0);
    const every = await publishedJourney(t, definitionOf([inappStep('s', null)]));
    expect(await enroll(t, every, [m!], 'a')).toBe(1);
    expect(await enroll(t, every, [m!], 'b')).toBe(1);
    expect(await enroll(t, every, [m!], 'b')).toBe(0);
    const afterExit = await publishedJourney(t, definitionOf([inappStep('s', null)], { reentry: { mode: 'after_exit', cooldownDays: 0 } }));
    expect(await enroll(t, afterExit, [m!], 'a')).toBe(1);
    expect(await enroll(t, afterExit, [m!], 'b')).toBe(0);
    await runDueSteps(t.deps, t.clock.now(), 10_000);
    expect(await enroll(t, afterExit, [m!], 'c')).toBe(1);
    const cooled = await publishedJourney(t, definitionOf([inappStep('s', null)], { reentry: { mode: 'every_time', cooldownDays: 2 } }));
    expect(await enroll(t, cooled, [m!], 'a')).toBe(1);
    t.clock.advance(24 * 60 * MINUTE);
    expect(await enroll(t, cooled, [m!], 'b')).toBe(0);
    t.clock.advance(25 * 60 * MINUTE);
    expect(await enroll(t, cooled, [m!], 'c')).toBe(1);
  });

  it('skips members who turned personalised marketing off, for marketing journeys only', async () => {
    const [off, on] = await insertMembers(t, 2);
    await t.deps.db.execute(sql`insert into member_consents (member_id, channel, granted, source) values (${off!}, 'personalized', false, 'settings')`);
    const marketing = await publishedJourney(t, definitionOf([inappStep('s', null)], { purpose: 'marketing' }));
    expect(await enroll(t, marketing, [off!, on!])).toBe(1);
    const service = await publishedJourney(t, definitionOf([inappStep('s', null)]));
    expect(await enroll(t, service, [off!, on!])).toBe(2);
  });

  it('assigns experiment arms; the holdout is enrolled but gets no intent', async () => {
    const journey = await publishedJourney(
      t,
      definitionOf(
        [
          {
            ...(inappStep('s', null) as Extract<JourneyStep, { type: 'send' }>),
            variants: { B: { channel: 'inapp', template: 'text', variables: { title: 'B', content: 'B 版' } } },
          },
        ],
        {
          experiment: { holdoutBp: 3000, splitBp: 5000, conversionDays: 7 },
        },
      ),
    );
    expect(journey.experimentId).not.toBeNull();
    const ids = await insertMembers(t, 40);
    expect(await enroll(t, journey, ids)).toBe(40);
    await runDueSteps(t.deps, t.clock.now(), 10_000);
    const enrollments = await enrollmentsOf(t, journey.journeyId);
    const holdout = enrollments.filter((e) => e.arm === 'holdout');
    expect(holdout.length).toBeGreaterThan(0);
    expect(holdout.every((e) => e.status === 'holdout')).toBe(true);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(40 - holdout.length);
    for (const intent of intents) expect(intent.variables.content === 'B 版').toBe(intent.arm === 'B');
    const [assigned] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from experiment_assignments where experiment_id = ${journey.experimentId}`,
    );
    expect(assigned!.n).toBe(40);
  });

  it('enrolls on member.registered and exits on the goal when an order is paid in time', async () => {
    const journey = await publishedJourney(
      t,
      definitionOf([{ id: 'w', type: 'wait', minutes: 60, next: 's' }, inappStep('s', null)], { goal: { event: 'order.paid', withinDays: 3 } }),
    );
    const member = await createMemberDirect(t);
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    const now = t.clock.now();
    await appendEvent(t.deps.db, {
      type: 'member.registered',
      occurredAt: now,
      memberId: member.id,
      payload: { registeredAt: now.toISOString(), deviceId: null },
    });
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    const [entered] = await enrollmentsOf(t, journey.journeyId).then((rows) => rows.filter((r) => r.member_id === member.id));
    expect(entered).toMatchObject({ status: 'active' });
    t.clock.advance(MINUTE);
    await appendEvent(t.deps.db, {
      type: 'order.paid',
      occurredAt: t.clock.now(),
      memberId: member.id,
      orderId: null,
      payload: { paidFen: 100, paidAt: t.clock.now().toISOString() },
    });
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    const [after] = await enrollmentsOf(t, journey.journeyId).then((rows) => rows.filter((r) => r.member_id === member.id));
    expect(after).toMatchObject({ status: 'goal', step_id: null });
    const exited = await queryRows(
      t.deps.db,
      sql`select 1 from domain_events where type = 'journey.exited' and (payload ->> 'enrollmentId')::bigint = ${Number(after!.id)} and payload ->> 'status' = 'goal'`,
    );
    expect(exited).toHaveLength(1);
  });

  it("branches on whether the step's message was opened", async () => {
    const opened = await createTagRow(t);
    const journey = await publishedJourney(
      t,
      definitionOf([
        inappStep('s', 'w'),
        { id: 'w', type: 'wait', minutes: 5, next: 'b' },
        { id: 'b', type: 'branch', condition: { kind: 'message_opened', stepId: 's' }, yes: 't', no: null },
        { id: 't', type: 'tag', action: 'add', tagId: opened, next: null },
      ]),
    );
    const [reader, ignorer] = [await createMemberDirect(t), await createMemberDirect(t)];
    await enroll(t, journey, [reader.id, ignorer.id]);
    await runDueSteps(t.deps, t.clock.now());
    // Both in-app messages are delivered (written to the 消息 center); only the reader opens hers.
    while ((await dispatchDue(t.deps, t.clock.now())).claimed > 0);
    expect((await intentsOf(t, journey.journeyId)).length).toBe(2);
    const inbox = await t.request().get('/api/me/messages').set(reader.auth);
    const message = (inbox.body.items as { id: number; title: string }[]).find((item) => item.title === '通知');
    expect((await t.request().post(`/api/me/messages/${message!.id}/read`).set(reader.auth).send({})).status).toBe(200);
    t.clock.advance(6 * MINUTE);
    await runDueSteps(t.deps, t.clock.now());
    const tagged = await queryRows<{ member_id: number }>(t.deps.db, sql`select member_id from member_tags where tag_id = ${opened}`);
    expect(tagged.map((r) => Number(r.member_id))).toEqual([reader.id]);
  });

  it('waits until a China time of day, then branches on a segment and on "ordered since entry", and removes a tag', async () => {
    const segmentTag = await createTagRow(t);
    const removable = await createTagRow(t);
    const segmentDefinition = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [segmentTag] }] }] });
    const [segment] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into segments (name, definition) values (${`旅程分群${segmentTag}`}, ${segmentDefinition}::jsonb) returning id`,
    );
    const journey = await publishedJourney(
      t,
      definitionOf([
        { id: 'w', type: 'wait', untilTime: '10:00', next: 'seg' },
        { id: 'seg', type: 'branch', condition: { kind: 'segment', segmentId: Number(segment!.id) }, yes: 'o', no: null },
        { id: 'o', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: 'r', no: null },
        { id: 'r', type: 'tag', action: 'remove', tagId: removable, next: null },
      ]),
    );
    const [buyer, browser, outsider] = [await createMemberDirect(t), await createMemberDirect(t), await createMemberDirect(t)];
    for (const member of [buyer, browser, outsider])
      await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${member.id}, ${removable}, 'manual')`);
    for (const member of [buyer, browser])
      await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${member.id}, ${segmentTag}, 'manual')`);
    const before = await insertOrder(t, buyer.id, 'paid', 500);
    await t.deps.db.execute(sql`update orders set paid_at = ${new Date(t.clock.now().getTime() - MINUTE).toISOString()}::timestamptz where id = ${before}`);
    await enroll(t, journey, [buyer.id, browser.id, outsider.id]);
    await runDueSteps(t.deps, t.clock.now());
    expect(await stepRunsOf(t, journey.journeyId)).toHaveLength(3);
    const wake = nextChinaTime(t.clock.now(), '10:00');
    t.clock.advance(MINUTE);
    const after = await insertOrder(t, buyer.id, 'paid', 700);
    await t.deps.db.execute(sql`update orders set paid_at = ${t.clock.now().toISOString()}::timestamptz where id = ${after}`);
    // An order paid before entering does not count: the browser's only order is from before.
    const old = await insertOrder(t, browser.id, 'paid', 900);
    await t.deps.db.execute(sql`update orders set paid_at = ${new Date(t.clock.now().getTime() - 60 * MINUTE).toISOString()}::timestamptz where id = ${old}`);
    t.clock.advance(wake.getTime() - t.clock.now().getTime() - 1000);
    await runDueSteps(t.deps, t.clock.now());
    expect(await stepRunsOf(t, journey.journeyId)).toHaveLength(3);
    t.clock.advance(1000);
    // buyer: seg yes, o yes, r; browser: seg yes, o no; outsider: seg no.
    await runDueSteps(t.deps, t.clock.now());
    expect(await stepRunsOf(t, journey.journeyId)).toHaveLength(9);
    const outcomes = Object.fromEntries(
      (await stepRunsOf(t, journey.journeyId)).filter((r) => r.step_id !== 'w').map((r) => [`${r.enrollment_id}:${r.step_id}`, r.outcome]),
    );
    const ids = Object.fromEntries((await enrollmentsOf(t, journey.journeyId)).map((e) => [e.member_id, e.id]));
    expect([buyer, browser, outsider].map((m) => ['seg', 'o', 'r'].map((step) => outcomes[`${ids[m.id]}:${step}`] ?? '-').join(' '))).toEqual([
      'yes yes done',
      'yes no -',
      'no - -',
    ]);
    const left = await queryRows<{ member_id: number }>(t.deps.db, sql`select member_id from member_tags where tag_id = ${removable} order by member_id`);
    expect(left.map((r) => Number(r.member_id))).toEqual([browser.id, outsider.id].sort((a, b) => a - b));
  });

  it('previews the path of a member without writing', async () => {
    const tagId = await createTagRow(t);
    const journey = await publishedJourney(
      t,
      definitionOf([{ id: 'b', type: 'branch', condition: { kind: 'tag', tagId }, yes: 's', no: null }, inappStep('s', null)]),
    );
    const member = await createMemberDirect(t);
    const reader = await createStaff(t, 'analyst');
    await t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${member.id}, ${tagId}, 'manual')`);
    const res = await t.request().get(`/api/admin/journeys/${journey.journeyId}/preview?memberId=${member.id}`).set(reader.auth);
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { stepId: string; outcome: string }) => `${s.stepId}:${s.outcome}`)).toEqual(['b:yes', 's:done']);
    expect(await enrollmentsOf(t, journey.journeyId)).toEqual([]);
    expect((await t.request().get(`/api/admin/journeys/${journey.journeyId}/preview?memberId=999999`).set(reader.auth)).status).toBe(404);
  });
  it.each<[string, JourneyTrigger, string[]]>([
    ['order.paid: every paid order', { type: 'event', event: 'order.paid' }, ['order:first', 'order:second']],
    ["order.first_paid: the member's first paid order only", { type: 'event', event: 'order.first_paid' }, ['order:first']],
    ['order.completed', { type: 'event', event: 'order.completed' }, ['order:first']],
    ['member.tier_changed up', { type: 'event', event: 'member.tier_changed', direction: 'up' }, ['tier:silver']],
    ['member.tier_changed to gold', { type: 'event', event: 'member.tier_changed', toTier: 'gold' }, ['tier:gold']],
    ['member.tier_changed down', { type: 'event', event: 'member.tier_changed', direction: 'down' }, ['tier:gold']],
    ['member.lifecycle_changed into silent', { type: 'event', event: 'member.lifecycle_changed', toStage: 'silent' }, ['stage:silent']],
    ['member.lifecycle_changed (any stage)', { type: 'event', event: 'member.lifecycle_changed' }, ['stage:active', 'stage:silent']],
  ])('event trigger %s: the outbox event enrolls the member with its context', async (_name, trigger, expected) => {
    const journey = await publishedJourney(t, definitionOf([inappStep('s', null)], { trigger }));
    const member = await createMemberDirect(t);
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    t.clock.advance(MINUTE);
    const now = t.clock.now();
    const first = await insertOrder(t, member.id, 'paid', 1000);
    const second = await insertOrder(t, member.id, 'paid', 2000);
    await t.deps.db.execute(sql`update orders set paid_at = case when id = ${first} then ${new Date(now.getTime() - MINUTE).toISOString()}::timestamptz
      else ${now.toISOString()}::timestamptz end where id in (${first}, ${second})`);
    const at = now.toISOString();
    await appendEvents(t.deps.db, [
      { type: 'order.paid', occurredAt: now, memberId: member.id, orderId: first, payload: { paidFen: 1000, paidAt: at } },
      { type: 'order.paid', occurredAt: now, memberId: member.id, orderId: second, payload: { paidFen: 2000, paidAt: at } },
      { type: 'order.completed', occurredAt: now, memberId: member.id, orderId: first, payload: { completedAt: at } },
      { type: 'member.tier_changed', occurredAt: now, memberId: member.id, payload: { fromTier: 'bronze', toTier: 'silver', reason: 'upgrade' } },
      { type: 'member.tier_changed', occurredAt: now, memberId: member.id, payload: { fromTier: 'platinum', toTier: 'gold', reason: 'downgrade' } },
      { type: 'member.lifecycle_changed', occurredAt: now, memberId: member.id, payload: { from: 'new', to: 'active' } },
      { type: 'member.lifecycle_changed', occurredAt: now, memberId: member.id, payload: { from: 'active', to: 'silent' } },
    ]);
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    const rows = await queryRows<{ context: Record<string, unknown> }>(
      t.deps.db,
      sql`select context from journey_enrollments where journey_id = ${journey.journeyId} and member_id = ${member.id} order by id`,
    );
    const names = { [first]: 'first', [second]: 'second' } as Record<number, string>;
    const seen = rows.map(({ context }) =>
      context.orderId !== undefined
        ? `order:${names[Number(context.orderId)]}`
        : context.toTier !== undefined
          ? `tier:${String(context.toTier)}`
          : `stage:${String(context.toStage)}`,
    );
    expect(seen.sort()).toEqual(expected);
    // Draining again (a replayed batch) enrolls nobody twice.
    await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
    expect(await enrollmentsOf(t, journey.journeyId).then((all) => all.filter((e) => e.member_id === member.id))).toHaveLength(expected.length);
  });

  it('PIPL switch turned off mid-journey: the member leaves marketing journeys at the next step (no tag, no message), service ones go on', async () => {
    const marketingTag = await createTagRow(t);
    const serviceTag = await createTagRow(t);
    const flow = (tagId: number): JourneyStep[] => [
      { id: 'w', type: 'wait', minutes: 5, next: 't' },
      { id: 't', type: 'tag', action: 'add', tagId, next: 's' },
      inappStep('s', null),
    ];
    const marketing = await publishedJourney(t, definitionOf(flow(marketingTag), { purpose: 'marketing' }));
    const service = await publishedJourney(t, definitionOf(flow(serviceTag)));
    const [member, other] = [await createMemberDirect(t), await createMemberDirect(t)];
    await enroll(t, marketing, [member.id, other.id]);
    await enroll(t, service, [member.id]);
    await runDueSteps(t.deps, t.clock.now());
    const off = await t.request().put('/api/me/preferences').set(member.auth).send({ personalized: false });
    expect(off.status).toBe(200);
    t.clock.advance(6 * MINUTE);
    await runDueSteps(t.deps, t.clock.now());
    const byMember = async (journeyId: number) => Object.fromEntries((await enrollmentsOf(t, journeyId)).map((e) => [e.member_id, e]));
    expect((await byMember(marketing.journeyId))[member.id]).toMatchObject({ status: 'exited', exit_reason: 'personalization_off', step_id: null });
    expect((await byMember(marketing.journeyId))[other.id]).toMatchObject({ status: 'completed' });
    expect((await byMember(service.journeyId))[member.id]).toMatchObject({ status: 'completed' });
    const tagged = await queryRows<{ member_id: number; tag_id: number }>(
      t.deps.db,
      sql`select member_id, tag_id from member_tags where tag_id in (${marketingTag}, ${serviceTag}) order by tag_id, member_id`,
    );
    expect(
      tagged.map((r) => `${Number(r.tag_id) === marketingTag ? 'marketing' : 'service'}:${Number(r.member_id) === member.id ? 'member' : 'other'}`),
    ).toEqual(['marketing:other', 'service:member']);
    expect((await intentsOf(t, marketing.journeyId)).map((i) => i.member_id)).toEqual([other.id]);
    expect((await intentsOf(t, service.journeyId)).map((i) => i.member_id)).toEqual([member.id]);
    const exited = await queryRows<{ reason: string }>(
      t.deps.db,
      sql`select payload ->> 'reason' as reason from domain_events where type = 'journey.exited' and member_id = ${member.id}
          and (payload ->> 'journeyId')::int = ${marketing.journeyId} and payload ->> 'status' = 'exited'`,
    );
    expect(exited).toEqual([{ reason: 'personalization_off' }]);
  });
});
