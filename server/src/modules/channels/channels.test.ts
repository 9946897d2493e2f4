import { eq, sql } from 'drizzle-orm';
import type { ChannelCodeView, ChannelView } from '@siyu/shared';
import { channelCodes, channelReach } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { buildChannelBody, createBatch, createChannel, createCode } from './test-factories';

describe.each(testDrivers())('channels admin API (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    operator = await createStaff(t, 'operator');
  });
  afterAll(() => t.close());

  describe('POST /api/admin/channels', () => {
    it('creates a channel with its computed plan and owner, and audits it', async () => {
      const channel = await createChannel(t, owner, { ownerStaffId: operator.id });
      expect(channel).toMatchObject({
        kind: 'package_card',
        status: 'active',
        ownerStaffId: operator.id,
        ownerName: `operator ${operator.username}`,
        plannedMembers: 6_600,
        plannedOrders: 9_900,
        plannedGmvFen: 27_997_200,
        codeCount: 0,
        reachQuantity: 0,
      });
      const [audit] = await auditRows(t, 'channel.create', channel.id);
      expect(audit).toMatchObject({ staffId: owner.id, targetType: 'channel' });
      const fetched = await t.request().get(`/api/admin/channels/${channel.id}`).set(owner.auth);
      expect(fetched.body).toEqual(channel);
    });

    it.each([
      ['an unknown kind', { kind: 'tiktok' }, 400, 'VALIDATION_FAILED'],
      ['a yuan amount as cost', { fixedCostFen: 12.5 }, 400, 'VALIDATION_FAILED'],
      ['a conversion above 100%', { plannedConversionBp: 10_001 }, 400, 'VALIDATION_FAILED'],
      ['an impossible date', { startsOn: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { budget: 1 }, 400, 'VALIDATION_FAILED'],
      ['an end before the start', { startsOn: '2026-12-02', endsOn: '2026-12-01' }, 400, 'CHANNEL_PERIOD_INVALID'],
      ['an owner who does not exist', { ownerStaffId: 999_999 }, 400, 'CHANNEL_OWNER_INVALID'],
    ])('refuses %s and writes nothing', async (_name, override, status, code) => {
      const before = (await t.request().get('/api/admin/channels').set(owner.auth)).body.items.length;
      const res = await t.request().post('/api/admin/channels').set(owner.auth).send(buildChannelBody(override));
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect((await t.request().get('/api/admin/channels').set(owner.auth)).body.items).toHaveLength(before);
    });
  });

  describe('permissions', () => {
    it('lets an analyst read but not write; refuses a service role even reading', async () => {
      const channel = await createChannel(t, owner);
      const analyst = await createStaff(t, 'analyst');
      const service = await createStaff(t, 'service');
      expect((await t.request().get('/api/admin/channels').set(analyst.auth)).status).toBe(200);
      expect((await t.request().get(`/api/admin/channels/${channel.id}/codes`).set(analyst.auth)).status).toBe(200);
      const writes = [
        t.request().post('/api/admin/channels').set(analyst.auth).send(buildChannelBody()),
        t.request().patch(`/api/admin/channels/${channel.id}`).set(analyst.auth).send({ name: '改名' }),
        t.request().post(`/api/admin/channels/${channel.id}/codes`).set(analyst.auth).send({}),
        t.request().post(`/api/admin/channels/${channel.id}/archive`).set(analyst.auth),
      ];
      for (const res of await Promise.all(writes)) expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
      for (const path of ['/api/admin/channels', `/api/admin/channels/${channel.id}`, `/api/admin/channels/${channel.id}/codes`]) {
        const res = await t.request().get(path).set(service.auth);
        expect([path, res.status]).toEqual([path, 403]);
      }
      expect((await t.request().get('/api/admin/channels')).status).toBe(401);
    });
  });

  describe('PATCH /api/admin/channels/:id and archive', () => {
    it('updates the given fields, recomputes the plan, audits before and after', async () => {
      const channel = await createChannel(t, owner);
      const res = await t.request().patch(`/api/admin/channels/${channel.id}`).set(operator.auth).send({ plannedReach: 200_000, name: 'AI 外呼老客' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'AI 外呼老客', plannedReach: 200_000, plannedMembers: 22_000, startsOn: '2026-12-01' });
      const [audit] = await auditRows(t, 'channel.update', channel.id);
      expect(audit?.before).toMatchObject({ plannedReach: 60_000 });
      expect(audit?.after).toMatchObject({ plannedReach: 200_000 });
    });

    it('checks the period against the stored dates (CHANNEL_PERIOD_INVALID) and 404s an unknown channel', async () => {
      const channel = await createChannel(t, owner);
      const res = await t.request().patch(`/api/admin/channels/${channel.id}`).set(owner.auth).send({ endsOn: '2026-11-30' });
      expect([res.status, res.body.error.code]).toEqual([400, 'CHANNEL_PERIOD_INVALID']);
      const empty = await t.request().patch(`/api/admin/channels/${channel.id}`).set(owner.auth).send({});
      expect(empty.status).toBe(400);
      const missing = await t.request().patch('/api/admin/channels/999999').set(owner.auth).send({ name: 'x' });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'CHANNEL_NOT_FOUND']);
    });

    it('archives once, filters by status and kind, and refuses new codes on an archived channel', async () => {
      const channel = await createChannel(t, owner, { kind: 'official_account', name: '服务号推送' });
      const first = await t.request().post(`/api/admin/channels/${channel.id}/archive`).set(owner.auth);
      const again = await t.request().post(`/api/admin/channels/${channel.id}/archive`).set(owner.auth);
      expect([first.body.status, again.body.status]).toEqual(['archived', 'archived']);
      expect(await auditRows(t, 'channel.archive', channel.id)).toHaveLength(1);
      const archived = await t.request().get('/api/admin/channels?status=archived&kind=official_account').set(owner.auth);
      expect(archived.body.items.map((item: ChannelView) => item.id)).toContain(channel.id);
      const active = await t.request().get('/api/admin/channels?status=active').set(owner.auth);
      expect(active.body.items.map((item: ChannelView) => item.id)).not.toContain(channel.id);
      const code = await t.request().post(`/api/admin/channels/${channel.id}/codes`).set(owner.auth).send({});
      expect([code.status, code.body.error.code]).toEqual([409, 'CHANNEL_ARCHIVED']);
    });
  });

  describe('entry codes', () => {
    it('generates c= + 6 base62, lists and counts it, audits it', async () => {
      const channel = await createChannel(t, owner);
      const code = await createCode(t, owner, channel.id, { label: '门店收银台' });
      expect(code.scene).toMatch(/^c=[0-9A-Za-z]{6}$/);
      expect(code).toMatchObject({ status: 'active', label: '门店收银台', batchId: null, wecomKind: null });
      expect((await t.request().get(`/api/admin/channels/${channel.id}`).set(owner.auth)).body.codeCount).toBe(1);
      expect(await auditRows(t, 'channel_code.create', code.id)).toHaveLength(1);
    });

    it.each([
      ['33 characters', 'c'.repeat(33), 400, 'CHANNEL_SCENE_INVALID'],
      ['a space', 'c=ab cd', 400, 'CHANNEL_SCENE_INVALID'],
      ['a Chinese character', 'c=渠道', 400, 'CHANNEL_SCENE_INVALID'],
      ['a percent sign', 'c=50%', 400, 'CHANNEL_SCENE_INVALID'],
    ])('refuses a custom scene with %s', async (_name, scene, status, code) => {
      const channel = await createChannel(t, owner);
      const res = await t.request().post(`/api/admin/channels/${channel.id}/codes`).set(owner.auth).send({ scene });
      expect([res.status, res.body.error.code]).toEqual([status, code]);
    });

    it('takes a custom scene of 32 characters once (409 CHANNEL_SCENE_TAKEN the second time), but only 30 for a WeCom channel', async () => {
      const channel = await createChannel(t, owner);
      const scene = `live=${Date.now()}`.padEnd(32, 'x');
      expect((await createCode(t, owner, channel.id, { scene })).scene).toBe(scene);
      const twice = await t.request().post(`/api/admin/channels/${channel.id}/codes`).set(owner.auth).send({ scene });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'CHANNEL_SCENE_TAKEN']);
      const wecom = await createChannel(t, owner, { kind: 'wecom', name: '企微活码' });
      const long = await t
        .request()
        .post(`/api/admin/channels/${wecom.id}/codes`)
        .set(owner.auth)
        .send({ scene: `w${scene.slice(1)}` });
      expect([long.status, long.body.error.code]).toEqual([400, 'CHANNEL_SCENE_INVALID']);
      const fits = await createCode(t, owner, wecom.id, { scene: `w${scene.slice(1, 30)}` });
      expect(fits.scene).toHaveLength(30);
    });

    it('makes a batch of 1000 unique per-unit codes with unit indexes 1..1000, and a package-card batch is reach', async () => {
      const channel = await createChannel(t, owner);
      const batch = await createBatch(t, owner, channel.id, { quantity: 1000, label: '12 月第一批' });
      const rows = await t.deps.db.select().from(channelCodes).where(eq(channelCodes.batchId, batch.id));
      expect(rows).toHaveLength(1000);
      expect(new Set(rows.map((row) => row.scene)).size).toBe(1000);
      expect(rows.every((row) => /^c=[0-9A-Za-z]{8}$/.test(row.scene))).toBe(true);
      expect(rows.map((row) => row.unitIndex).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      const reach = await t.deps.db
        .select()
        .from(channelReach)
        .where(eq(channelReach.dedupeKey, `batch:${batch.id}`));
      expect(reach).toMatchObject([{ channelId: channel.id, source: 'code_batch', quantity: 1000 }]);
      const view = (await t.request().get(`/api/admin/channels/${channel.id}`).set(owner.auth)).body as ChannelView;
      expect([view.codeCount, view.reachQuantity]).toEqual([1000, 1000]);
      const batches = await t.request().get(`/api/admin/channels/${channel.id}/code-batches`).set(owner.auth);
      expect(batches.body.items).toMatchObject([{ id: batch.id, quantity: 1000, label: '12 月第一批' }]);
      expect(await auditRows(t, 'channel_code_batch.create', batch.id)).toHaveLength(1);
    });

    it('ties marketplace order numbers 1:1 in order, finds a code by its order number, and is not reach for other kinds', async () => {
      const channel = await createChannel(t, owner, { kind: 'store', name: '门店台卡' });
      const orderNos = ['TB1001', 'TB1002', 'TB1003'];
      const batch = await createBatch(t, owner, channel.id, { quantity: 3, marketplaceOrderNos: orderNos });
      const rows = await t.deps.db.select().from(channelCodes).where(eq(channelCodes.batchId, batch.id)).orderBy(channelCodes.unitIndex);
      expect(rows.map((row) => [row.unitIndex, row.marketplaceOrderNo])).toEqual([
        [1, 'TB1001'],
        [2, 'TB1002'],
        [3, 'TB1003'],
      ]);
      const found = await t.request().get(`/api/admin/channels/${channel.id}/codes?q=TB1002`).set(owner.auth);
      expect(found.body.items.map((code: ChannelCodeView) => code.unitIndex)).toEqual([2]);
      const [reach] = await t.deps.db
        .select({ n: sql<number>`count(*)::int` })
        .from(channelReach)
        .where(eq(channelReach.channelId, channel.id));
      expect(Number(reach?.n)).toBe(0);
    });

    it.each([
      ['more than 10,000 codes', { quantity: 10_001 }],
      ['fewer order numbers than units', { quantity: 3, marketplaceOrderNos: ['A1', 'A2'] }],
      ['an order number twice', { quantity: 2, marketplaceOrderNos: ['A1', 'A1'] }],
      ['no quantity', { label: 'x' }],
    ])('refuses a batch with %s (VALIDATION_FAILED)', async (_name, body) => {
      const channel = await createChannel(t, owner);
      const res = await t.request().post(`/api/admin/channels/${channel.id}/code-batches`).set(owner.auth).send(body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('pages the codes newest first with a cursor and searches by scene prefix', async () => {
      const channel = await createChannel(t, owner);
      await createBatch(t, owner, channel.id, { quantity: 45 });
      const seen: ChannelCodeView[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await t
          .request()
          .get(`/api/admin/channels/${channel.id}/codes?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
          .set(owner.auth);
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as ChannelCodeView[]));
        cursor = res.body.nextCursor as string | null;
      }
      expect(seen).toHaveLength(45);
      expect(new Set(seen.map((code) => code.id)).size).toBe(45);
      const target = seen[7] as ChannelCodeView;
      const found = await t.request().get(`/api/admin/channels/${channel.id}/codes`).query({ q: target.scene }).set(owner.auth);
      expect(found.body.items.map((code: ChannelCodeView) => code.id)).toEqual([target.id]);
      const bad = await t.request().get(`/api/admin/channels/${channel.id}/codes?cursor=nope`).set(owner.auth);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    });

    it('retires a code once (kept, listed as retired) and 404s an unknown code', async () => {
      const channel = await createChannel(t, owner);
      const code = await createCode(t, owner, channel.id);
      const res = await t.request().post(`/api/admin/channel-codes/${code.id}/retire`).set(operator.auth);
      expect(res.body).toMatchObject({ id: code.id, status: 'retired', scene: code.scene });
      expect(res.body.retiredAt).not.toBeNull();
      expect((await t.request().post(`/api/admin/channel-codes/${code.id}/retire`).set(operator.auth)).body.status).toBe('retired');
      expect(await auditRows(t, 'channel_code.retire', code.id)).toHaveLength(1);
      const retired = await t.request().get(`/api/admin/channels/${channel.id}/codes?status=retired`).set(owner.auth);
      expect(retired.body.items.map((item: ChannelCodeView) => item.id)).toEqual([code.id]);
      const missing = await t.request().post('/api/admin/channel-codes/999999/retire').set(operator.auth);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'CHANNEL_CODE_NOT_FOUND']);
    });
  });

  describe('POST /api/admin/channels/:id/reach', () => {
    it('records manual reach once per Idempotency-Key and audits it', async () => {
      const channel = await createChannel(t, owner, { kind: 'official_account', name: '服务号' });
      const send = (body: Record<string, unknown>, key = 'push-2026-12-01') =>
        t.request().post(`/api/admin/channels/${channel.id}/reach`).set(owner.auth).set('Idempotency-Key', key).send(body);
      const body = { quantity: 20_000, date: '2026-12-01', note: '服务号推文' };
      const first = await send(body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ source: 'manual', quantity: 20_000, note: '服务号推文', occurredAt: '2026-11-30T16:00:00.000Z' });
      const replay = await send(body);
      expect([replay.status, replay.body.id]).toEqual([200, first.body.id]);
      const reused = await send({ ...body, quantity: 1 });
      expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
      const noKey = await t.request().post(`/api/admin/channels/${channel.id}/reach`).set(owner.auth).send(body);
      expect([noKey.status, noKey.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
      const zero = await send({ ...body, quantity: 0 }, 'another-key-1');
      expect(zero.status).toBe(400);
      expect((await t.request().get(`/api/admin/channels/${channel.id}`).set(owner.auth)).body.reachQuantity).toBe(20_000);
      expect(await auditRows(t, 'channel.reach_add', channel.id)).toHaveLength(1);
    });
  });

  it('leaves GET /api/admin/channels/report to its own router (not a channel id)', async () => {
    const res = await t.request().get('/api/admin/channels/report-not-a-route').set(owner.auth);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
