import { sql } from 'drizzle-orm';
import { simWecomGroupMsgResults } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { WecomApiError, type WecomClient } from '../../wecom/client';
import { settleWecomEnrichments } from '../wecom';
import { chinaMonth } from './monthly';
import { linkWecomContact, randomExternalId, randomUserId, testWecomClient } from './test-factories';

async function errcodeOf(work: Promise<unknown>): Promise<number | string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return error instanceof WecomApiError ? error.errcode : String(error);
  }
}

/** The mass-send, welcome and corp-tag rules of the WeCom simulator, through the real client over HTTP. */
describe.each(testDrivers())('WeCom simulator: mass sends, welcome codes, corp tags (%s)', (driver) => {
  let t: TestApp;
  let client: WecomClient;
  beforeAll(async () => {
    t = await createTestApp(driver);
    client = testWecomClient(t);
  });
  afterAll(async () => {
    await settleWecomEnrichments();
    await t.close();
  });

  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const token = await client.accessToken();
    const response = await fetch(`${t.deps.config.wecom?.apiBase}/cgi-bin/externalcontact/${path}?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  describe('add_msg_template → confirm → get_groupmsg_send_result', () => {
    it('keeps a task pending until the sender confirms; then 1 for a friend, 2 for a non-friend; unknown ids in fail_list', async () => {
      const sender = randomUserId();
      const friend = await linkWecomContact(t, null, sender);
      const stranger = await linkWecomContact(t, null, randomUserId());
      const unknown = randomExternalId();
      const task = await client.addMsgTemplate({ externalUserIds: [friend, stranger, unknown], sender, text: '你好' });
      expect(task.failList).toEqual([unknown]);
      const before = await client.getGroupMsgSendResult({ msgid: task.msgid, userid: sender });
      expect(before.map((r) => r.status)).toEqual([0, 0]);
      const hook = await fetch(`${t.deps.config.wecom?.apiBase}/test/groupmsg/confirm`, { method: 'POST', body: JSON.stringify({ msgid: task.msgid }) });
      expect(await hook.json()).toEqual({ sent: 1, notFriend: 1, overCap: 0 });
      const after = await client.getGroupMsgSendResult({ msgid: task.msgid, userid: sender });
      expect(Object.fromEntries(after.map((r) => [r.externalUserId, r.status]))).toEqual({ [friend]: 1, [stranger]: 2 });
      expect(after.find((r) => r.externalUserId === friend)?.sendTime).not.toBeNull();
    });

    it('answers 3 once the customer received days-in-month mass messages this month (all senders combined)', async () => {
      const sender = randomUserId();
      const customer = await linkWecomContact(t, null, sender);
      const { days } = chinaMonth(t.clock.now());
      const at = t.clock.now().getTime();
      await t.deps.db
        .insert(simWecomGroupMsgResults)
        .values(Array.from({ length: days - 1 }, (_, i) => ({ msgid: `old${i}`, externalUserId: customer, status: 1, sendTimeMs: at })));
      const last = await client.addMsgTemplate({ externalUserIds: [customer], sender, text: 'a' });
      const over = await client.addMsgTemplate({ externalUserIds: [customer], sender, text: 'b' });
      expect(await t.wecomSimulator.confirmGroupMsg(last.msgid)).toEqual({ sent: 1, notFriend: 0, overCap: 0 });
      expect(await t.wecomSimulator.confirmGroupMsg(over.msgid)).toEqual({ sent: 0, notFriend: 0, overCap: 1 });
      expect((await client.getGroupMsgSendResult({ msgid: over.msgid, userid: sender }))[0]?.status).toBe(3);
    });

    it.each([
      ['no msgid', { userid: 'sales-01' }, 41046],
      ['an unknown msgid', { msgid: 'msgnope', userid: 'sales-01' }, 41047],
    ])('refuses get_groupmsg_send_result with %s', async (_, body, errcode) => {
      expect((await post('get_groupmsg_send_result', body)).errcode).toBe(errcode);
    });

    it('refuses no reachable customer (41048), more than 10,000 customers, more than 9 attachments and text over 4000 bytes', async () => {
      const sender = randomUserId();
      expect(await errcodeOf(client.addMsgTemplate({ externalUserIds: [randomExternalId()], sender, text: 'x' }))).toBe(41048);
      const many = Array.from({ length: 10_001 }, (_, i) => `wm${i}`);
      expect((await post('add_msg_template', { chat_type: 'single', sender, external_userid: many, text: { content: 'x' } })).errcode).toBe(40058);
      const friend = await linkWecomContact(t, null, sender);
      const attachments = Array.from({ length: 10 }, () => ({ msgtype: 'link', link: { title: 't', url: 'https://example.com' } }));
      expect((await post('add_msg_template', { sender, external_userid: [friend], attachments })).errcode).toBe(40058);
      expect((await post('add_msg_template', { sender, external_userid: [friend], text: { content: '好'.repeat(1400) } })).errcode).toBe(40058);
      await expect(client.addMsgTemplate({ externalUserIds: many, sender, text: 'x' })).rejects.toThrow(RangeError);
    });

    it('fetches a new token and retries once on 42001', async () => {
      const sender = randomUserId();
      const friend = await linkWecomContact(t, null, sender);
      await client.accessToken();
      await t.wecomSimulator.expireTokens();
      const task = await client.addMsgTemplate({ externalUserIds: [friend], sender, text: 'x' });
      expect(task.msgid).toMatch(/^msg/);
    });

    it('answers 45009 past the per-minute limit', async () => {
      t.wecomSimulator.rateLimitPerMinute = 1;
      try {
        t.clock.advance(60_000);
        await post('get_groupmsg_send_result', { msgid: 'msgnope', userid: 'sales-01' });
        expect((await post('get_groupmsg_send_result', { msgid: 'msgnope', userid: 'sales-01' })).errcode).toBe(45009);
      } finally {
        t.wecomSimulator.rateLimitPerMinute = 10_000;
        t.clock.advance(60_000);
      }
    });
  });

  describe('send_welcome_msg', () => {
    const issue = async (): Promise<{ code: string; externalUserId: string }> => {
      const way = await client.addContactWay({ state: 'c=welcome', users: ['sales-01'] });
      const externalUserId = randomExternalId();
      await t.wecomSimulator.setAdminWelcome(false);
      await t.wecomSimulator.scanContactWay({ configId: way.configId, externalUserId });
      const rows = await t.deps.db.execute(sql`select code from sim_wecom_welcome_codes where external_user_id = ${externalUserId}`);
      const code = (rows as unknown as { rows: { code: string }[] }).rows[0]?.code ?? '';
      return { code, externalUserId };
    };

    it('accepts a code once within 20 s (41051 on reuse) and records the content', async () => {
      const { code, externalUserId } = await issue();
      expect(await errcodeOf(client.sendWelcomeMsg({ welcomeCode: code, text: '欢迎' }))).toBe('ok');
      expect(await errcodeOf(client.sendWelcomeMsg({ welcomeCode: code, text: '欢迎' }))).toBe(41051);
      expect(await t.wecomSimulator.welcomeMessagesTo(externalUserId)).toEqual([{ text: '欢迎', attachments: [] }]);
    });

    it('answers 41050 after 20 s and for an unknown code, 41049 without one', async () => {
      const { code } = await issue();
      t.clock.advance(20_001);
      expect(await errcodeOf(client.sendWelcomeMsg({ welcomeCode: code, text: '欢迎' }))).toBe(41050);
      expect(await errcodeOf(client.sendWelcomeMsg({ welcomeCode: 'nope', text: '欢迎' }))).toBe(41050);
      expect((await post('send_welcome_msg', { text: { content: 'x' } })).errcode).toBe(41049);
    });

    it('issues no WelcomeCode when the console has a welcome message configured', async () => {
      const way = await client.addContactWay({ state: 'c=adminwel', users: ['sales-01'] });
      await t.wecomSimulator.setAdminWelcome(true);
      const externalUserId = randomExternalId();
      await t.wecomSimulator.scanContactWay({ configId: way.configId, externalUserId });
      await t.wecomSimulator.setAdminWelcome(false);
      const rows = await t.deps.db.execute(sql`select count(*)::int as n from sim_wecom_welcome_codes where external_user_id = ${externalUserId}`);
      expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
    });
  });

  describe('corp tags', () => {
    it('adds tags to a group by name, lists them, marks and unmarks a contact; 40068 for an unknown tag id; 84061 without relationship', async () => {
      const group = `组${randomUserId()}`.slice(0, 30);
      const made = await client.addCorpTag({ groupName: group, tags: ['高价值', '复购'] });
      const again = await client.addCorpTag({ groupName: group, tags: ['新客'] });
      expect(again.groupId).toBe(made.groupId);
      const listed = (await client.getCorpTagList()).find((g) => g.groupId === made.groupId);
      expect(listed?.tags.map((tag) => tag.name).sort()).toEqual(['复购', '新客', '高价值'].sort());
      expect(await errcodeOf(client.addCorpTag({ groupId: made.groupId, tags: ['复购'] }))).toBe(40071);
      expect(await errcodeOf(client.addCorpTag({ groupId: 'etgnope', tags: ['x'] }))).toBe(40068);
      const userid = randomUserId();
      const customer = await linkWecomContact(t, null, userid);
      const [a, b] = made.tags.map((tag) => tag.id);
      await client.markTag({ userid, externalUserId: customer, add: [a ?? '', b ?? ''], remove: [] });
      expect(await t.wecomSimulator.contactTagNames(customer)).toEqual(['复购', '高价值'].sort());
      await client.markTag({ userid, externalUserId: customer, add: [], remove: [a ?? ''] });
      expect(await t.wecomSimulator.contactTagNames(customer)).toEqual(['复购']);
      expect(await errcodeOf(client.markTag({ userid, externalUserId: customer, add: ['etnope'], remove: [] }))).toBe(40068);
      expect(await errcodeOf(client.markTag({ userid: randomUserId(), externalUserId: customer, add: [a ?? ''], remove: [] }))).toBe(84061);
    });
  });
});
