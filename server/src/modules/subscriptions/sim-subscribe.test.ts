import { WechatApiError } from '../../wechat/client';
import { testDrivers } from '../../testing/drivers';
import { loginMember, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';

const SHIPPED = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'order_shipped')!;
const GOOD_DATA = { character_string1: 'SY20261206000123', thing2: '有机燕麦片 500g', thing3: '您的包裹已发出，请留意查收' };

/** The client (real HTTP) against the strict simulator: each of WeChat's answers, and the grants it counts. */
describe.each(testDrivers())('subscribe messages: client ↔ simulator (%s)', (driver) => {
  let t: TestApp;
  let member: TestMember;
  beforeAll(async () => {
    t = await createTestApp(driver);
    member = await loginMember(t);
  });
  afterAll(() => t.close());

  const send = (overrides: Partial<Parameters<TestApp['deps']['wechat']['sendSubscribeMessage']>[0]> = {}) =>
    t.deps.wechat.sendSubscribeMessage({ toUser: member.openid, templateId: SHIPPED.templateId, page: 'pages/orders/index', data: GOOD_DATA, ...overrides });
  const errcodeOf = async (promise: Promise<unknown>): Promise<number | 'ok'> => {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      if (error instanceof WechatApiError) return error.errcode;
      throw error;
    }
  };

  it('sends once per accept: the second send without a new accept is 43101, and the message is recorded', async () => {
    expect(await errcodeOf(send())).toBe(43101);
    expect(await t.simulator.subscribe.accept(member.openid, [SHIPPED.templateId])).toMatchObject({ errcode: 0 });
    expect(await errcodeOf(send())).toBe('ok');
    expect(await errcodeOf(send())).toBe(43101);
    const sent = await t.simulator.subscribe.sent(member.openid);
    expect(sent).toEqual([
      {
        openid: member.openid,
        templateId: SHIPPED.templateId,
        page: 'pages/orders/index',
        data: { character_string1: { value: GOOD_DATA.character_string1 }, thing2: { value: GOOD_DATA.thing2 }, thing3: { value: GOOD_DATA.thing3 } },
      },
    ]);
  });

  it('answers 40003 for an openid it does not know, 40037 for an unknown template, 41030 for a bad page — spending nothing', async () => {
    await t.simulator.subscribe.accept(member.openid, [SHIPPED.templateId]);
    expect(await errcodeOf(send({ toUser: 'oUnknownOpenid000000000000000' }))).toBe(40003);
    expect(await errcodeOf(send({ templateId: 'NoSuchTemplate000000000000000000000000000' }))).toBe(40037);
    expect(await errcodeOf(send({ page: 'pages/nowhere/index' }))).toBe(41030);
    expect(await errcodeOf(send({ page: '/pages/orders/index' }))).toBe(41030);
    expect(await t.simulator.subscribe.remaining(member.openid, [SHIPPED.templateId])).toEqual({ [SHIPPED.templateId]: 1 });
    expect(await errcodeOf(send({ page: 'pages/order/index?id=12' }))).toBe('ok');
  });

  it('answers 47003 naming the field for values that break the type limits, a missing field or an extra one', async () => {
    await t.simulator.subscribe.accept(member.openid, [SHIPPED.templateId]);
    const cases: [Record<string, string>, string][] = [
      [{ ...GOOD_DATA, thing2: '这是一个超过二十个字的商品名称会被微信拒绝掉的' }, 'data.thing2'],
      [{ ...GOOD_DATA, character_string1: '订单号含中文' }, 'data.character_string1'],
      [{ character_string1: GOOD_DATA.character_string1, thing2: GOOD_DATA.thing2 }, 'data.thing3'],
      [{ ...GOOD_DATA, thing9: '多余' }, 'data.thing9'],
      [{ ...GOOD_DATA, thing3: '' }, 'data.thing3'],
    ];
    for (const [data, field] of cases) {
      const error = await send({ data }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WechatApiError);
      expect([(error as WechatApiError).errcode, (error as WechatApiError).errmsg]).toEqual([47003, expect.stringContaining(field)]);
    }
    expect(await t.simulator.subscribe.remaining(member.openid, [SHIPPED.templateId])).toEqual({ [SHIPPED.templateId]: 1 });
  });

  it('checks the access token: an invalidated one is refreshed once by the client; a raw bad token gets 40001', async () => {
    await t.simulator.subscribe.accept(member.openid, [SHIPPED.templateId]);
    await t.simulator.invalidateTokens();
    expect(await errcodeOf(send())).toBe('ok');
    const res = await fetch(`${t.deps.config.wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=forged`, {
      method: 'POST',
      body: JSON.stringify({ touser: member.openid, template_id: SHIPPED.templateId, data: {} }),
    });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40001);
  });

  it('POST /test/subscribe/accept over HTTP: by openid or simulated user key; 400 for a malformed body', async () => {
    const hook = (body: unknown) =>
      fetch(`${t.deps.config.wechat.apiBase}/test/subscribe/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const before = (await t.simulator.subscribe.remaining(member.openid, [SHIPPED.templateId]))[SHIPPED.templateId] ?? 0;
    expect((await (await hook({ openid: member.openid, templateIds: [SHIPPED.templateId] })).json()) as object).toMatchObject({ errcode: 0 });
    const viaUser = await loginMember(t, 'hookuser');
    expect((await (await hook({ user: 'hookuser', templateIds: [SHIPPED.templateId] })).json()) as object).toMatchObject({ errcode: 0 });
    expect(await t.simulator.subscribe.remaining(viaUser.openid, [SHIPPED.templateId])).toEqual({ [SHIPPED.templateId]: 1 });
    expect(await t.simulator.subscribe.remaining(member.openid, [SHIPPED.templateId])).toEqual({ [SHIPPED.templateId]: before + 1 });
    for (const body of [
      {},
      { openid: member.openid },
      { openid: member.openid, templateIds: [] },
      { openid: member.openid, templateIds: ['a', 'b', 'c', 'd'] },
      { user: 'bad key!', templateIds: ['a'] },
    ])
      expect((await hook(body)).status).toBe(400);
  });

  it('the accept hook refuses unknown openids and templates, and takes a simulated user key', async () => {
    expect(await t.simulator.subscribe.accept('oNobody', [SHIPPED.templateId])).toMatchObject({ errcode: 40003 });
    expect(await t.simulator.subscribe.accept(member.openid, ['NoSuchTemplate'])).toMatchObject({ errcode: 40037 });
    await t.simulator.subscribe.addTemplate('CustomTemplate0001', ['thing1']);
    expect(await t.simulator.subscribe.accept(member.openid, ['CustomTemplate0001'])).toMatchObject({ errcode: 0 });
  });
});
