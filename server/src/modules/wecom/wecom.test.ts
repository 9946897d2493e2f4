import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { auditLog, channelCodes, memberAttribution, members, touches, wecomContacts } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, TEST_WECOM, type TestApp } from '../../testing/test-app';
import { WxBizMsgCrypt } from '../../wecom/crypto';
import { buildWecomXml } from '../../wecom/xml';
import { settleWecomEnrichments } from './enrich';
import { addContactXml, createChannelWithCode, nowSeconds, postCallback, retireCode, signedCallback, wecomCounts } from './test-factories';

const externalId = () => `wm${crypto.randomBytes(8).toString('hex')}`;

describe.each(testDrivers())('WeCom on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(async () => {
    await settleWecomEnrichments();
    await t.close();
  });

  /** Makes the contact-me code of a fresh wecom channel through the admin route. */
  async function contactWay(scene?: string) {
    const made = await createChannelWithCode(t, 'wecom', scene);
    const res = await t.request().post(`/api/admin/channel-codes/${made.codeId}/wecom`).set(owner.auth).send({});
    expect(res.status).toBe(201);
    return { ...made, configId: res.body.wecomConfigId as string, qrUrl: res.body.wecomQrUrl as string };
  }

  describe('GET /api/wecom/callback (URL verification)', () => {
    it('answers the echostr plaintext, from a URL-encoded query', async () => {
      const crypt = new WxBizMsgCrypt({ token: TEST_WECOM.callbackToken, encodingAesKey: TEST_WECOM.encodingAesKey, receiveId: TEST_WECOM.corpId });
      const timestamp = String(nowSeconds(t));
      const echostr = crypt.encrypt('7166390311574093455');
      const signature = crypt.sign(timestamp, '1372623149', echostr);
      const url = `/api/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=1372623149&echostr=${encodeURIComponent(echostr)}`;
      expect(echostr).toMatch(/[+/=]/);
      const res = await t.request().get(url);
      expect(res.status).toBe(200);
      expect(res.text).toBe('7166390311574093455');
      const forged = await t.request().get(url.replace(signature, 'a'.repeat(40)));
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe('WECOM_SIGNATURE_INVALID');
    });
  });

  describe('POST /api/admin/channel-codes/:codeId/wecom', () => {
    it('makes a contact-me code for a wecom channel once (idempotent, audited)', async () => {
      const code = await contactWay();
      expect(code.qrUrl).toMatch(/^https:\/\//);
      const again = await t
        .request()
        .post(`/api/admin/channel-codes/${code.codeId}/wecom`)
        .set(owner.auth)
        .send({ userIds: ['other'] });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ wecomKind: 'contact_way', wecomConfigId: code.configId });
      const [stored] = await t.deps.db.select().from(channelCodes).where(eq(channelCodes.id, code.codeId));
      expect(stored).toMatchObject({ wecomKind: 'contact_way', wecomConfigId: code.configId, wecomQrUrl: code.qrUrl });
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(code.codeId)));
      expect(audits.filter((a) => a.action === 'channel_code.wecom_create')).toHaveLength(1);
    });

    it('makes a group join code for a community channel from its chat ids', async () => {
      const made = await createChannelWithCode(t, 'community');
      const missing = await t.request().post(`/api/admin/channel-codes/${made.codeId}/wecom`).set(owner.auth).send({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('WECOM_CHATS_REQUIRED');
      const res = await t
        .request()
        .post(`/api/admin/channel-codes/${made.codeId}/wecom`)
        .set(owner.auth)
        .send({ chatIds: ['wrChat01'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ wecomKind: 'join_way', wecomQrUrl: expect.stringMatching(/^https:\/\//) });
    });

    it('answers 429 WECOM_RATE_LIMITED when WeCom says 45009, and stores nothing', async () => {
      const made = await createChannelWithCode(t, 'wecom');
      t.wecomSimulator.rateLimitPerMinute = 0;
      try {
        const res = await t.request().post(`/api/admin/channel-codes/${made.codeId}/wecom`).set(owner.auth).send({});
        expect([res.status, res.body.error.code]).toEqual([429, 'WECOM_RATE_LIMITED']);
      } finally {
        t.wecomSimulator.rateLimitPerMinute = 10_000;
      }
      const [stored] = await t.deps.db.select().from(channelCodes).where(eq(channelCodes.id, made.codeId));
      expect(stored?.wecomConfigId).toBeNull();
    });

    it('refuses a scene over 30 characters, another kind, a retired code and a reader', async () => {
      const long = await createChannelWithCode(t, 'wecom', `c=${'a'.repeat(29)}`);
      const tooLong = await t.request().post(`/api/admin/channel-codes/${long.codeId}/wecom`).set(owner.auth).send({});
      expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'WECOM_STATE_TOO_LONG']);
      const sms = await createChannelWithCode(t, 'sms');
      const wrongKind = await t.request().post(`/api/admin/channel-codes/${sms.codeId}/wecom`).set(owner.auth).send({});
      expect([wrongKind.status, wrongKind.body.error.code]).toEqual([409, 'WECOM_CODE_KIND_UNSUPPORTED']);
      const retired = await createChannelWithCode(t, 'wecom');
      await retireCode(t, retired.codeId);
      const isRetired = await t.request().post(`/api/admin/channel-codes/${retired.codeId}/wecom`).set(owner.auth).send({});
      expect([isRetired.status, isRetired.body.error.code]).toEqual([409, 'WECOM_CODE_RETIRED']);
      const analyst = await createStaff(t, 'analyst');
      const forbidden = await t.request().post(`/api/admin/channel-codes/${retired.codeId}/wecom`).set(analyst.auth).send({});
      expect(forbidden.status).toBe(403);
      const absent = await t.request().post('/api/admin/channel-codes/2147483647/wecom').set(owner.auth).send({});
      expect(absent.status).toBe(404);
      const [stored] = await t.deps.db.select().from(channelCodes).where(eq(channelCodes.id, long.codeId));
      expect(stored?.wecomConfigId).toBeNull();
    });
  });

  describe('POST /api/wecom/callback', () => {
    it('a scan records one touch of the channel, then the unionid from externalcontact/get', async () => {
      const code = await contactWay();
      const customer = externalId();
      const delivery = await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: customer, unionid: 'oUnion-scan-1' });
      expect(delivery).toMatchObject({ attempts: 1, status: 200, body: '' });
      const [touch] = await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer));
      expect(touch).toMatchObject({ source: 'wecom_contact', status: 'matched', channelId: code.channelId, codeId: code.codeId, scene: code.scene });
      expect(touch?.dedupeKey).toMatch(/^wecom:/);
      await settleWecomEnrichments();
      const [contact] = await t.deps.db.select().from(wecomContacts).where(eq(wecomContacts.externalUserId, customer));
      expect(contact).toMatchObject({ unionid: 'oUnion-scan-1', followUserId: 'sales-01', state: code.scene });
      const [enriched] = await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer));
      expect(enriched?.unionid).toBe('oUnion-scan-1');
    });

    it('a group join through a join code records a wecom_group touch with the join way state', async () => {
      const made = await createChannelWithCode(t, 'community');
      const res = await t
        .request()
        .post(`/api/admin/channel-codes/${made.codeId}/wecom`)
        .set(owner.auth)
        .send({ chatIds: ['wrChat02'] });
      const customer = externalId();
      const delivery = await t.wecomSimulator.joinGroup({ configId: res.body.wecomConfigId, externalUserId: customer });
      expect(delivery?.status).toBe(200);
      const [touch] = await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer));
      expect(touch).toMatchObject({ source: 'wecom_group', status: 'matched', channelId: made.channelId, scene: made.scene });
    });

    it('an unknown or retired state is kept as unknown_code / retired_code; no state is organic', async () => {
      const retired = await createChannelWithCode(t, 'wecom');
      await retireCode(t, retired.codeId);
      const cases = [
        { state: 'c=NoSuch1', status: 'unknown_code' },
        { state: retired.scene, status: 'retired_code' },
        { state: undefined, status: 'organic' },
      ];
      for (const { state, status } of cases) {
        const customer = externalId();
        const res = await postCallback(
          t,
          signedCallback(addContactXml({ externalUserId: customer, state, createTime: nowSeconds(t) }), { timestamp: nowSeconds(t) }),
        );
        expect(res.status).toBe(200);
        const [touch] = await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer));
        expect(touch?.status).toBe(status);
      }
    });

    it('a duplicate delivery (same event fields) has one effect', async () => {
      const code = await contactWay();
      const xml = addContactXml({ externalUserId: externalId(), state: code.scene, createTime: nowSeconds(t) });
      const before = await wecomCounts(t);
      for (let i = 0; i < 3; i += 1) {
        // A fresh encryption and nonce each time, as a re-delivery would have: the event's own fields dedupe it.
        const res = await postCallback(t, signedCallback(xml, { timestamp: nowSeconds(t) }));
        expect(res.status).toBe(200);
        expect(res.text).toBe('');
      }
      const after = await wecomCounts(t);
      expect(after).toEqual({ touches: before.touches + 1, receipts: before.receipts + 1, contacts: before.contacts + 1, events: before.events + 1 });
    });

    it('refuses a bad signature, a wrong corp, a stale timestamp and garbage with 4xx codes, recording nothing', async () => {
      const code = await contactWay();
      const xml = addContactXml({ externalUserId: externalId(), state: code.scene, createTime: nowSeconds(t) });
      const before = await wecomCounts(t);
      const good = signedCallback(xml, { timestamp: nowSeconds(t) });
      const cases: [string, ReturnType<typeof signedCallback>, number, string][] = [
        ['bad signature', { ...good, query: { ...good.query, msg_signature: 'f'.repeat(40) } }, 401, 'WECOM_SIGNATURE_INVALID'],
        ['wrong token', signedCallback(xml, { timestamp: nowSeconds(t), token: 'WrongToken1' }), 401, 'WECOM_SIGNATURE_INVALID'],
        ['wrong receiveid', signedCallback(xml, { timestamp: nowSeconds(t), receiveId: 'wwothercorp00001' }), 403, 'WECOM_CORP_MISMATCH'],
        [
          'event for another corp',
          signedCallback(addContactXml({ externalUserId: externalId(), createTime: nowSeconds(t), corpId: 'wwothercorp00001' }), { timestamp: nowSeconds(t) }),
          403,
          'WECOM_CORP_MISMATCH',
        ],
        ['stale (301 s)', signedCallback(xml, { timestamp: nowSeconds(t) - 301 }), 401, 'WECOM_CALLBACK_STALE'],
        ['from the future (310 s)', signedCallback(xml, { timestamp: nowSeconds(t) + 310 }), 401, 'WECOM_CALLBACK_STALE'],
        ['not XML', { query: good.query, body: '<xml><Encrypt>' }, 400, 'WECOM_CALLBACK_INVALID'],
        [
          'a DTD',
          { query: good.query, body: '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>' },
          400,
          'WECOM_CALLBACK_INVALID',
        ],
      ];
      for (const [label, callback, status, errorCode] of cases) {
        const res = await postCallback(t, callback);
        expect([label, res.status, res.body.error?.code]).toEqual([label, status, errorCode]);
      }
      const missing = await t.request().post('/api/wecom/callback').set('Content-Type', 'text/xml').send(good.body);
      expect(missing.status).toBe(400);
      expect(await wecomCounts(t)).toEqual(before);
    });

    it('del_follow_user marks the contact deleted, once, without a touch; a later add restores it', async () => {
      const code = await contactWay();
      const customer = externalId();
      await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: customer });
      const deletedAt = nowSeconds(t) + 1;
      const deleted = buildWecomXml({
        ToUserName: TEST_WECOM.corpId,
        FromUserName: 'sys',
        CreateTime: deletedAt,
        MsgType: 'event',
        Event: 'change_external_contact',
        ChangeType: 'del_follow_user',
        UserID: 'sales-01',
        ExternalUserID: customer,
      });
      const before = await wecomCounts(t);
      for (let i = 0; i < 2; i += 1) expect((await postCallback(t, signedCallback(deleted, { timestamp: nowSeconds(t) }))).status).toBe(200);
      const after = await wecomCounts(t);
      expect(after).toEqual({ ...before, receipts: before.receipts + 1 });
      const [contact] = await t.deps.db.select().from(wecomContacts).where(eq(wecomContacts.externalUserId, customer));
      expect(contact?.deletedAt).toEqual(new Date(deletedAt * 1000));
      t.clock.advance(2000);
      await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: customer });
      const [readded] = await t.deps.db.select().from(wecomContacts).where(eq(wecomContacts.externalUserId, customer));
      expect(readded?.deletedAt).toBeNull();
      expect(await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer))).toHaveLength(2);
    });

    it('accepts the JSON variant of the callback body', async () => {
      const code = await contactWay();
      const customer = externalId();
      const callback = signedCallback(addContactXml({ externalUserId: customer, state: code.scene, createTime: nowSeconds(t) }), { timestamp: nowSeconds(t) });
      const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(callback.body)?.[1];
      const res = await t
        .request()
        .post('/api/wecom/callback')
        .query(callback.query)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ tousername: TEST_WECOM.corpId, encrypt, agentid: '' }));
      expect(res.status).toBe(200);
      expect(await t.deps.db.select().from(touches).where(eq(touches.externalUserId, customer))).toHaveLength(1);
    });

    it('links the member with that unionid and recomputes an acquisition the add predates', async () => {
      const code = await contactWay();
      const member = await createMemberDirect(t);
      const unionid = `oUnion-${crypto.randomBytes(6).toString('hex')}`;
      // The member registers an hour after adding the WeCom member (the callback's unionid arrives late).
      await t.deps.db
        .update(members)
        .set({ unionid, createdAt: new Date(t.clock.now().getTime() + 3_600_000) })
        .where(eq(members.id, member.id));
      const customer = externalId();
      await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: customer, unionid });
      await settleWecomEnrichments();
      const [contact] = await t.deps.db.select().from(wecomContacts).where(eq(wecomContacts.externalUserId, customer));
      expect(contact).toMatchObject({ unionid, memberId: member.id });
      const [attribution] = await t.deps.db.select().from(memberAttribution).where(eq(memberAttribution.memberId, member.id));
      expect(attribution).toMatchObject({ channelId: code.channelId, codeId: code.codeId });
    });

    it('a failed externalcontact/get is tried again with a later callback; "no such contact" is final', async () => {
      const code = await contactWay();
      const first = externalId();
      t.wecomSimulator.failNext(45009);
      await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: first, unionid: 'oUnion-retry-1' });
      await settleWecomEnrichments();
      const [failed] = await t.deps.db.select().from(wecomContacts).where(eq(wecomContacts.externalUserId, first));
      expect(failed).toMatchObject({ unionid: null, fetchedAt: null });
      t.clock.advance(61_000);
      // A customer WeCom does not know (40096): fetched once, no unionid, not tried again.
      const stranger = externalId();
      await postCallback(
        t,
        signedCallback(addContactXml({ externalUserId: stranger, state: code.scene, createTime: nowSeconds(t) }), { timestamp: nowSeconds(t) }),
      );
      await settleWecomEnrichments();
      const rows = await t.deps.db.select().from(wecomContacts);
      expect(rows.find((row) => row.externalUserId === first)).toMatchObject({ unionid: 'oUnion-retry-1', fetchedAt: expect.any(Date) });
      expect(rows.find((row) => row.externalUserId === stranger)).toMatchObject({ unionid: null, fetchedAt: expect.any(Date) });
    });

    it('WeCom re-delivers up to 3 times when the app does not answer in time', async () => {
      const http = await import('node:http');
      const held: import('node:http').ServerResponse[] = [];
      const silent = http.createServer((_, res) => held.push(res));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as import('node:net').AddressInfo;
      const original = { url: t.wecomSimulator.callbackUrl, timeout: t.wecomSimulator.deliveryTimeoutMs };
      t.wecomSimulator.callbackUrl = `http://127.0.0.1:${port}/api/wecom/callback`;
      t.wecomSimulator.deliveryTimeoutMs = 100;
      try {
        const code = await contactWay();
        const delivery = await t.wecomSimulator.scanContactWay({ configId: code.configId, externalUserId: externalId() });
        expect(delivery).toMatchObject({ attempts: 4, status: null });
        expect(held).toHaveLength(4);
      } finally {
        t.wecomSimulator.callbackUrl = original.url;
        t.wecomSimulator.deliveryTimeoutMs = original.timeout;
        for (const res of held) res.destroy();
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });
  });
});
