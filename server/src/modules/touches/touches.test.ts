import { auditLog, domainEvents } from '../../db/schema';
import { and, eq } from 'drizzle-orm';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainAllConsumers } from '../events';
import {
  attributionOf,
  createChannelWithCode,
  createSmsRecipient,
  deviceRow,
  eventsOf,
  loginWithDevice,
  newDeviceId,
  retireCode,
  touchesOfDevice,
} from './test-factories';

describe.each(testDrivers())('touches API (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t
      .request()
      .post('/api/touches')
      .set(headers)
      .send(body as object);

  describe('POST /api/touches', () => {
    it('refuses a scene of 33 characters with 400 TOUCH_SCENE_INVALID and records nothing', async () => {
      const deviceId = newDeviceId();
      const res = await post({ deviceId, scene: `c=${'a'.repeat(31)}` });
      expect([res.status, res.body.error.code]).toEqual([400, 'TOUCH_SCENE_INVALID']);
      const inBatch = await post({ deviceId, touches: [{ scene: 'c=ok' }, { scene: 'c=bad scene' }] });
      expect([inBatch.status, inBatch.body.error.code]).toEqual([400, 'TOUCH_SCENE_INVALID']);
      const inQuery = await post({ deviceId, query: { scene: encodeURIComponent('c=<script>') } });
      expect([inQuery.status, inQuery.body.error.code]).toEqual([400, 'TOUCH_SCENE_INVALID']);
      expect(await touchesOfDevice(t, deviceId)).toEqual([]);
    });

    it('keeps a well-formed unknown scene as unknown_code (202), a retired one as retired_code, an active one as matched, none as organic', async () => {
      const active = await createChannelWithCode(t);
      const retired = await createChannelWithCode(t);
      await retireCode(t, retired.codeId);
      const deviceId = newDeviceId();
      const res = await post({
        deviceId,
        touches: [{ scene: 'c=Nobody' }, { scene: retired.scene, kind: 'show' }, { scene: active.scene, wxScene: 1047 }, { wxScene: 1001 }],
      });
      expect([res.status, res.body]).toEqual([202, { accepted: 4 }]);
      const rows = await touchesOfDevice(t, deviceId);
      expect(rows.map((row) => [row.status, row.source, row.channelId, row.codeId, row.scene, row.wxScene])).toEqual([
        ['unknown_code', 'app_launch', null, null, 'c=Nobody', null],
        ['retired_code', 'app_show', retired.channelId, retired.codeId, retired.scene, null],
        ['matched', 'app_launch', active.channelId, active.codeId, active.scene, 1047],
        ['organic', 'app_launch', null, null, null, 1001],
      ]);
    });

    it('takes the scene from the query (URI-encoded, as QR codes deliver it) and ignores unknown launch fields', async () => {
      const { scene, channelId } = await createChannelWithCode(t);
      const deviceId = newDeviceId();
      const res = await post({ deviceId, query: { scene: encodeURIComponent(scene), from: 'x' }, referrerInfo: { appId: 'wx1' }, shareTicket: 'abc' });
      expect(res.status).toBe(202);
      const [row] = await touchesOfDevice(t, deviceId);
      expect([row?.status, row?.channelId, row?.scene]).toEqual(['matched', channelId, scene]);
    });

    it.each([
      ['a short device id', { deviceId: 'short' }, 'body.deviceId'],
      ['a wxScene below 1000', { wxScene: 12 }, 'body.wxScene'],
      ['a cq with a space', { cq: 'a b' }, 'body.cq'],
      ['21 touches', { touches: Array.from({ length: 21 }, () => ({})) }, 'body.touches'],
      ['an empty batch', { touches: [] }, 'body.touches'],
      ['a touch that names nothing', { kind: 'launch', referrerInfo: {} }, 'body'],
      ['a batch touch that names nothing', { touches: [{ wxScene: 1001 }, { path: 'pages/index/index' }] }, 'body.touches.1'],
      ['a field name with a NUL', { wxScene: 1001, 'x\u0000': 1 }, 'body.x\u0000'],
      ['a query value with a NUL', { query: { from: 'a\u0000' } }, 'body.query.from'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_name, body, field) => {
      const res = await post(body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('stamps the member of a valid token; an expired or forged token still records the touch, anonymously', async () => {
      const member = await loginMember(t);
      const deviceId = newDeviceId();
      expect((await post({ deviceId }, member.auth)).status).toBe(202);
      expect((await post({ deviceId }, { Authorization: 'Bearer not-a-token' })).status).toBe(202);
      expect((await touchesOfDevice(t, deviceId)).map((row) => row.memberId)).toEqual([member.id, null]);
    });

    it('resolves a cq token to the recipient’s phone hash and the link’s code (sms_open)', async () => {
      const code = await createChannelWithCode(t, { kind: 'sms' });
      const token = await createSmsRecipient(t, code.channelId, code.codeId, '13900001111');
      const deviceId = newDeviceId();
      expect((await post({ deviceId, wxScene: 1194, query: { cq: token } })).status).toBe(202);
      const [row] = await touchesOfDevice(t, deviceId);
      expect(row).toMatchObject({ source: 'sms_open', status: 'matched', channelId: code.channelId, codeId: code.codeId, cq: token });
      expect(row?.phoneHash).toBe(t.deps.phoneCrypto.hash('13900001111'));
    });

    it('keeps the client’s time within the last day, else the server’s; writes one touches.recorded event per batch', async () => {
      const deviceId = newDeviceId();
      const hourAgo = new Date(t.clock.now().getTime() - 3600_000);
      const before = await eventsOf(t, 'touches.recorded');
      const res = await post({ deviceId, touches: [{ at: hourAgo.toISOString() }, { at: '2001-01-01T00:00:00Z' }] });
      expect(res.status).toBe(202);
      const rows = await touchesOfDevice(t, deviceId);
      expect(rows[0]?.occurredAt.getTime()).toBe(hourAgo.getTime());
      expect(Math.abs((rows[1]?.occurredAt.getTime() ?? 0) - t.clock.now().getTime())).toBeLessThan(60_000);
      const after = await eventsOf(t, 'touches.recorded');
      const added = after.filter((event) => !before.some((old) => old.id === event.id));
      expect(added.flatMap((event) => (event.payload as { touchIds: number[] }).touchIds)).toEqual(rows.map((row) => row.id));
    });
  });

  describe('POST /api/auth/wechat with a deviceId', () => {
    it('links the device, merges its anonymous touches into the member’s acquisition and emits member.registered + member.attributed', async () => {
      const { channelId, codeId, scene } = await createChannelWithCode(t);
      const deviceId = newDeviceId();
      await post({ deviceId, touches: [{ wxScene: 1001 }, { scene, wxScene: 1047 }] });
      const userKey = `merge-${deviceId}`;
      const member = await loginWithDevice(t, deviceId, userKey);
      expect(await deviceRow(t, deviceId)).toMatchObject({ memberId: member.id });
      expect(await attributionOf(t, member.id)).toMatchObject({ channelId, codeId });
      expect(await eventsOf(t, 'member.registered', { memberId: member.id })).toHaveLength(1);
      expect((await eventsOf(t, 'member.attributed', { memberId: member.id })).map((event) => event.payload)).toEqual([
        expect.objectContaining({ channelId, codeId }),
      ]);
      // A second login of the same user on the same device changes nothing.
      expect((await loginWithDevice(t, deviceId, userKey)).id).toBe(member.id);
      await drainAllConsumers(t.deps.db);
      expect(await eventsOf(t, 'member.registered', { memberId: member.id })).toHaveLength(1);
      expect(await eventsOf(t, 'member.attributed', { memberId: member.id })).toHaveLength(1);
    });

    it('refuses a malformed deviceId with 400', async () => {
      const { code } = await t.simulator.mintLoginCode('bad-device');
      const res = await t.request().post('/api/auth/wechat').send({ code, deviceId: 'x y' });
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('member isolation: a device already linked stays with its first member; another member logging in on it claims none of its touches', async () => {
      const { channelId, scene } = await createChannelWithCode(t);
      const deviceId = newDeviceId();
      await post({ deviceId, scene });
      const first = await loginWithDevice(t, deviceId);
      const second = await loginWithDevice(t, deviceId);
      expect(second.id).not.toBe(first.id);
      expect(await deviceRow(t, deviceId)).toMatchObject({ memberId: first.id });
      expect(await attributionOf(t, first.id)).toMatchObject({ channelId });
      expect(await attributionOf(t, second.id)).toMatchObject({ channelId: null, firstTouchId: null });
      // Touches sent with the second member's token on that device stay the second member's.
      await post({ deviceId, scene }, second.auth);
      await drainAllConsumers(t.deps.db);
      expect(await attributionOf(t, first.id)).toMatchObject({ channelId });
    });
  });

  describe('GET|PUT /api/admin/channel-settings', () => {
    it('answers the default 7 days, saves 1..90 for owner/operator (audited), refuses analysts and bad values', async () => {
      const owner = await createStaff(t, 'owner');
      const analyst = await createStaff(t, 'analyst');
      const service = await createStaff(t, 'service');
      const read = await t.request().get('/api/admin/channel-settings').set(analyst.auth);
      expect([read.status, read.body]).toEqual([200, { attributionWindowDays: expect.any(Number) }]);
      expect((await t.request().get('/api/admin/channel-settings').set(service.auth)).status).toBe(403);
      expect((await t.request().put('/api/admin/channel-settings').set(analyst.auth).send({ attributionWindowDays: 3 })).status).toBe(403);
      for (const bad of [0, 91, 7.5, '7']) {
        const res = await t.request().put('/api/admin/channel-settings').set(owner.auth).send({ attributionWindowDays: bad });
        expect([bad, res.status, res.body.error?.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
      }
      const saved = await t.request().put('/api/admin/channel-settings').set(owner.auth).send({ attributionWindowDays: 14 });
      expect([saved.status, saved.body]).toEqual([200, { attributionWindowDays: 14 }]);
      expect((await t.request().get('/api/admin/channel-settings').set(analyst.auth)).body).toEqual({ attributionWindowDays: 14 });
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'channel_settings.update'), eq(auditLog.staffId, owner.id)));
      expect(audits.map((row) => row.after)).toEqual([{ attributionWindowDays: 14 }]);
      await t.request().put('/api/admin/channel-settings').set(owner.auth).send({ attributionWindowDays: 7 });
    });
  });

  it('the outbox holds no event of a refused touch', async () => {
    const before = (await t.deps.db.select().from(domainEvents)).length;
    await post({ scene: 'x'.repeat(40) });
    expect((await t.deps.db.select().from(domainEvents)).length).toBe(before);
  });
});
