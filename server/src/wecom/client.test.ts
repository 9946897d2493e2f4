import { testDrivers } from '../testing/drivers';
import { createTestApp, TEST_WECOM, type TestApp } from '../testing/test-app';
import { settleWecomEnrichments, wecomErrorToAppError } from '../modules/wecom';
import { WecomApiError, WecomClient } from './client';

/** The real WeCom client against the strict simulator, over HTTP. */
describe.each(testDrivers())('WecomClient ↔ WeCom simulator on %s', (driver) => {
  let t: TestApp;
  let client: WecomClient;
  let apiBase: string;
  beforeAll(async () => {
    t = await createTestApp(driver);
    apiBase = t.deps.config.wecom?.apiBase ?? '';
  });
  beforeEach(() => {
    client = new WecomClient({
      corpId: TEST_WECOM.corpId,
      secret: TEST_WECOM.secret,
      baseUrl: apiBase,
      now: () => t.clock.now().getTime(),
      busyBackoffMs: () => 5,
    });
  });
  afterAll(async () => {
    await settleWecomEnrichments();
    await t.close();
  });

  it('caches the token, and refreshes it before it expires', async () => {
    const before = t.wecomSimulator.calls.gettoken;
    await client.addContactWay({ state: 'c=cache1', users: ['sales-01'] });
    await client.addContactWay({ state: 'c=cache2', users: ['sales-01'] });
    expect(t.wecomSimulator.calls.gettoken - before).toBe(1);
    t.clock.advance(7200_000 - 60_000);
    await client.addContactWay({ state: 'c=cache3', users: ['sales-01'] });
    expect(t.wecomSimulator.calls.gettoken - before).toBe(2);
  });

  it.each([
    ['expired (42001)', () => t.wecomSimulator.expireTokens()],
    ['revoked early (40014)', () => t.wecomSimulator.revokeTokens()],
  ])('fetches a new token and retries once when the token was %s', async (_, invalidate) => {
    await client.addContactWay({ state: 'c=tok1', users: ['sales-01'] });
    await invalidate();
    const before = t.wecomSimulator.calls.gettoken;
    const made = await client.addContactWay({ state: 'c=tok2', users: ['sales-01'] });
    expect(made.qrCode).toMatch(/^https:\/\//);
    expect(t.wecomSimulator.calls.gettoken - before).toBe(1);
  });

  it('retries a busy answer (-1) up to 3 times, then gives up', async () => {
    t.wecomSimulator.failNext(-1, 3);
    await expect(client.addContactWay({ state: 'c=busy1', users: ['sales-01'] })).resolves.toMatchObject({ configId: expect.any(String) });
    t.wecomSimulator.failNext(-1, 4);
    await expect(client.addContactWay({ state: 'c=busy2', users: ['sales-01'] })).rejects.toMatchObject({ errcode: -1 });
  });

  it('a state of 31 characters is refused with 40058, which the admin sees as 400 WECOM_STATE_TOO_LONG', async () => {
    const state = `c=${'x'.repeat(29)}`;
    const error: unknown = await client.addContactWay({ state, users: ['sales-01'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(error).toMatchObject({ errcode: 40058 });
    expect(wecomErrorToAppError(error, state)).toMatchObject({ code: 'WECOM_STATE_TOO_LONG', status: 400 });
    await expect(client.addJoinWay({ state, chatIds: ['wrChat01'] })).rejects.toMatchObject({ errcode: 40058 });
  });

  it('enforces the type-1 single-user rule, ≤ 100 users and 1–5 group chats', async () => {
    const token = await client.accessToken();
    const post = async (api: string, body: unknown) =>
      (await (await fetch(`${apiBase}/cgi-bin/externalcontact/${api}?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) })).json()) as {
        errcode: number;
      };
    expect((await post('add_contact_way', { type: 1, scene: 2, user: ['a', 'b'] })).errcode).toBe(40058);
    expect((await post('add_contact_way', { type: 2, scene: 2, user: Array.from({ length: 101 }, (_, i) => `u${i}`) })).errcode).toBe(41041);
    expect((await post('add_contact_way', { scene: 2, user: ['a'] })).errcode).toBe(41037);
    expect((await post('groupchat/add_join_way', { scene: 2, chat_id_list: ['1', '2', '3', '4', '5', '6'] })).errcode).toBe(40058);
    await expect(client.addContactWay({ state: 'c=multi', users: ['a', 'b'] })).resolves.toMatchObject({ configId: expect.any(String) });
  });

  it('get_join_way answers the join code with its state; externalcontact/get the contact with its unionid', async () => {
    const way = await client.addJoinWay({ state: 'c=group1', chatIds: ['wrChat01', 'wrChat02'] });
    await expect(client.getJoinWay(way.configId)).resolves.toEqual({
      configId: way.configId,
      qrCode: way.qrCode,
      state: 'c=group1',
      chatIds: ['wrChat01', 'wrChat02'],
    });
    const contactWay = await client.addContactWay({ state: 'c=get1', users: ['sales-02'] });
    t.wecomSimulator.callbackUrl = `${t.baseUrl}/api/wecom/callback`;
    await t.wecomSimulator.scanContactWay({ configId: contactWay.configId, externalUserId: 'wmGet0001', unionid: 'oUnionGet1' });
    await expect(client.getExternalContact('wmGet0001')).resolves.toMatchObject({
      externalUserId: 'wmGet0001',
      unionid: 'oUnionGet1',
      followUsers: [{ userid: 'sales-02', state: 'c=get1' }],
    });
    await expect(client.getExternalContact('wmNobody')).rejects.toMatchObject({ errcode: 40096 });
  });

  it('refuses a wrong secret (40001) and a wrong corp id (40013)', async () => {
    const wrongSecret = new WecomClient({ corpId: TEST_WECOM.corpId, secret: 'wrong-secret-0123456789', baseUrl: apiBase });
    await expect(wrongSecret.accessToken()).rejects.toMatchObject({ errcode: 40001 });
    const wrongCorp = new WecomClient({ corpId: 'wwnotthecorp0001', secret: TEST_WECOM.secret, baseUrl: apiBase });
    await expect(wrongCorp.accessToken()).rejects.toMatchObject({ errcode: 40013 });
  });
});
