import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { subscribeGrantBalances, subscribeGrants } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { WechatClient } from '../../wechat/client';
import type { IntentToSend, SendContext } from '../messaging/types';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';
import { subscribeSender } from './sender';

const SHIPPED = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'order_shipped')!;
const VARIABLES = { character_string1: 'SY20261206000123', thing2: '有机燕麦片 500g', thing3: '您的包裹已发出，请留意查收' };

let nextIntentId = 1_000;
function subscribeIntent(memberId: number, overrides: Partial<IntentToSend> = {}): IntentToSend {
  nextIntentId += 1;
  return {
    id: nextIntentId,
    key: `test:${nextIntentId}`,
    memberId,
    channel: 'subscribe',
    purpose: 'service',
    template: 'order_shipped',
    variables: VARIABLES,
    link: null,
    attempts: 0,
    providerRef: null,
    journeyId: null,
    campaignId: null,
    createdAt: new Date(),
    ...overrides,
  };
}

/** The subscribe sender's outcomes against the strict simulator, and what each does to our ledger. */
describe.each(testDrivers())('subscribeSender (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const ctx = (): SendContext => ({ deps: t.deps, now: t.clock.now() });
  /** A context whose WeChat client talks to the simulator through `fetchImpl` (to lose or break answers). */
  const withFetch = (fetchImpl: typeof fetch): SendContext => {
    const { appid, secret, apiBase } = t.deps.config.wechat;
    return { deps: { ...t.deps, wechat: new WechatClient({ appid, secret, baseUrl: apiBase, fetch: fetchImpl }) }, now: t.clock.now() };
  };
  const balance = async (memberId: number, templateId = SHIPPED.templateId) =>
    (
      await t.deps.db
        .select({ balance: subscribeGrantBalances.balance })
        .from(subscribeGrantBalances)
        .where(and(eq(subscribeGrantBalances.memberId, memberId), eq(subscribeGrantBalances.templateId, templateId)))
    )[0]?.balance ?? 0;
  /** The member tapped 允许: WeChat counts it (simulator) and the shop posts the result (our ledger). */
  const accept = async (member: TestMember, templateId = SHIPPED.templateId, { wechat = true, ours = true } = {}) => {
    if (wechat) await t.simulator.subscribe.accept(member.openid, [templateId]);
    if (ours)
      await t
        .request()
        .post('/api/me/subscriptions')
        .set(member.auth)
        .send({ requestId: crypto.randomUUID(), source: 'payment', results: { [templateId]: 'accept' } });
  };

  it('sends a service notice: spends our grant and WeChat’s, renders the data from the variables, opens the link', async () => {
    const member = await loginMember(t);
    await accept(member);
    const outcome = await subscribeSender.send(ctx(), subscribeIntent(member.id, { link: '/pages/order/index?id=7' }));
    expect(outcome).toMatchObject({ kind: 'sent' });
    expect(await balance(member.id)).toBe(0);
    const [message] = await t.simulator.subscribe.sent(member.openid);
    expect(message).toMatchObject({ templateId: SHIPPED.templateId, page: 'pages/order/index?id=7', data: { thing2: { value: '有机燕麦片 500g' } } });
  });

  it('skips marketing (template_invalid) without spending anything', async () => {
    const member = await loginMember(t);
    await accept(member);
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id, { purpose: 'marketing' }))).toMatchObject({ kind: 'skip', reason: 'template_invalid' });
    expect(await balance(member.id)).toBe(1);
  });

  it('skips no_grant when our ledger has none, and never calls WeChat', async () => {
    const member = await loginMember(t);
    await accept(member, SHIPPED.templateId, { ours: false });
    const calls = t.simulator.subscribe.calls.send;
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id))).toMatchObject({ kind: 'skip', reason: 'no_grant' });
    expect(t.simulator.subscribe.calls.send).toBe(calls);
  });

  it('43101 from WeChat (our mirror said 2, WeChat knows none): no_grant, our balance zeroed with a ledger row', async () => {
    const member = await loginMember(t);
    await accept(member, SHIPPED.templateId, { wechat: false });
    await accept(member, SHIPPED.templateId, { wechat: false });
    const intent = subscribeIntent(member.id);
    expect(await subscribeSender.send(ctx(), intent)).toMatchObject({ kind: 'skip', reason: 'no_grant' });
    expect(await balance(member.id)).toBe(0);
    const ledger = await t.deps.db.select().from(subscribeGrants).where(eq(subscribeGrants.memberId, member.id));
    expect(ledger.reduce((sum, row) => sum + row.delta, 0)).toBe(0);
    expect(ledger.map((row) => row.source).sort()).toEqual(['no_grant', 'payment', 'payment', 'send']);
  });

  it('variables breaking a field limit: template_invalid naming the field, before any spend', async () => {
    const member = await loginMember(t);
    await accept(member);
    const long = await subscribeSender.send(ctx(), subscribeIntent(member.id, { variables: { ...VARIABLES, thing2: '一'.repeat(21) } }));
    expect(long).toMatchObject({ kind: 'skip', reason: 'template_invalid', detail: expect.stringContaining('thing2') });
    const missing = await subscribeSender.send(ctx(), subscribeIntent(member.id, { variables: { thing2: '燕麦' } }));
    expect(missing).toMatchObject({ kind: 'skip', reason: 'template_invalid', detail: expect.stringContaining('character_string1') });
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id, { template: 'no_such_template' }))).toMatchObject({
      kind: 'skip',
      reason: 'template_invalid',
    });
    expect(await balance(member.id)).toBe(1);
  });

  it('40003 (WeChat does not know the openid) → no_openid, and the grant is given back', async () => {
    const member = await createMemberDirect(t);
    await accept(member, SHIPPED.templateId, { wechat: false });
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id))).toMatchObject({ kind: 'skip', reason: 'no_openid' });
    expect(await balance(member.id)).toBe(1);
  });

  it('47003 / 40037 from WeChat → template_invalid with the grant given back', async () => {
    const member = await loginMember(t);
    const templateId = `Tpl${crypto.randomBytes(10).toString('hex')}`;
    const created = await t
      .request()
      .post('/api/admin/messaging/subscribe-templates')
      .set((await createStaff(t, 'owner')).auth)
      .send({
        key: `k_${crypto.randomBytes(3).toString('hex')}`,
        templateId,
        title: '到货提醒',
        fields: [{ key: 'thing1', label: '商品', placeholder: '' }],
        page: 'pages/index/index',
      });
    expect(created.status).toBe(201);
    await accept(member, templateId, { wechat: false });
    // Not selected in the (simulated) WeChat backend: 40037.
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id, { template: created.body.key, variables: { thing1: '燕麦' } }))).toMatchObject({
      kind: 'skip',
      reason: 'template_invalid',
      detail: expect.stringContaining('40037'),
    });
    // Selected there with other fields than ours: 47003.
    await t.simulator.subscribe.addTemplate(templateId, ['thing1', 'time2']);
    await t.simulator.subscribe.accept(member.openid, [templateId]);
    expect(await subscribeSender.send(ctx(), subscribeIntent(member.id, { template: created.body.key, variables: { thing1: '燕麦' } }))).toMatchObject({
      kind: 'skip',
      reason: 'template_invalid',
      detail: expect.stringContaining('47003'),
    });
    expect(await balance(member.id, templateId)).toBe(1);
  });

  it('WeChat busy (HTTP 502 before an answer) → retry and the grant given back; a later attempt sends', async () => {
    const member = await loginMember(t);
    await accept(member);
    const intent = subscribeIntent(member.id);
    const busy = withFetch(async (input, init) =>
      String(input).includes('/message/subscribe/send') ? new Response('bad gateway', { status: 502 }) : fetch(input, init),
    );
    expect(await subscribeSender.send(busy, intent)).toMatchObject({ kind: 'retry' });
    expect(await balance(member.id)).toBe(1);
    expect(await subscribeSender.status!(ctx(), { ...intent, attempts: 1 })).toBeNull();
    expect(await subscribeSender.send(ctx(), { ...intent, attempts: 1 })).toMatchObject({ kind: 'sent' });
    expect(await t.simulator.subscribe.sent(member.openid)).toHaveLength(1);
  });

  it('no answer (timeout): the grant stays spent, status() and the next attempt count it as sent — never a second message', async () => {
    const member = await loginMember(t);
    await accept(member);
    await accept(member);
    const intent = subscribeIntent(member.id);
    const lost = withFetch(async (input, init) => {
      if (!String(input).includes('/message/subscribe/send')) return fetch(input, init);
      await fetch(input, init); // WeChat got it and sent it …
      throw Object.assign(new Error('timed out'), { name: 'TimeoutError' }); // … but the answer never came back
    });
    expect(await subscribeSender.send(lost, intent)).toMatchObject({ kind: 'retry' });
    expect(await subscribeSender.status!(ctx(), { ...intent, attempts: 1 })).toMatchObject({ kind: 'sent' });
    expect(await subscribeSender.send(ctx(), { ...intent, attempts: 1 })).toMatchObject({ kind: 'sent' });
    expect(await t.simulator.subscribe.sent(member.openid)).toHaveLength(1);
    expect(await balance(member.id)).toBe(1);
  });

  it('status() is null for an intent that never spent a grant', async () => {
    const member = await loginMember(t);
    expect(await subscribeSender.status!(ctx(), subscribeIntent(member.id))).toBeNull();
  });
});
