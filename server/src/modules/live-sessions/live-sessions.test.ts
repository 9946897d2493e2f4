import { and, eq } from 'drizzle-orm';
import type { LiveSessionPageView, LiveSessionView } from '@siyu/shared';
import { auditLog, liveSessions } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createOnSaleProduct, createProduct } from '../catalog/test-factories';
import { DAY, HOUR, MINUTE, buildSession, createSession, isoFromNow } from './test-factories';

describe.each(testDrivers())('live sessions (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, analyst] = await Promise.all([createStaff(t, 'owner'), createStaff(t, 'operator'), createStaff(t, 'analyst')]);
  });
  afterAll(() => t.close());

  const adminGet = (path: string, staff: TestStaff = owner) => t.request().get(`/api/admin/live-sessions${path}`).set(staff.auth);
  const auditOf = (action: string, targetId: number) =>
    t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId))));

  describe('POST /api/admin/live-sessions', () => {
    it('creates a scheduled session with a unique QR scene code and audits it', async () => {
      const body = buildSession(t, { title: '冬季囤奶专场', platform: 'miniprogram_live', roomId: '1001', hostName: '小语' });
      const res = await t.request().post('/api/admin/live-sessions').set(operator.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: '冬季囤奶专场',
        platform: 'miniprogram_live',
        roomId: '1001',
        hostName: '小语',
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        endedAt: null,
        status: 'scheduled',
        productIds: [],
      });
      expect(res.body.sceneCode).toBe(`live=${res.body.id}`);
      expect(res.body.sceneCode.length).toBeLessThanOrEqual(32);
      expect(Math.abs(Date.parse(res.body.serverNow) - t.clock.now().getTime())).toBeLessThan(5000);
      const [row] = await t.deps.db.select().from(liveSessions).where(eq(liveSessions.id, res.body.id));
      expect(row?.createdBy).toBe(operator.id);
      const audits = await auditOf('live_session.create', res.body.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ staffId: operator.id, targetType: 'live_session', after: { title: '冬季囤奶专场', sceneCode: `live=${res.body.id}` } });
    });

    it('gives every session its own scene code', async () => {
      const [a, b] = await Promise.all([createSession(t, owner.auth), createSession(t, owner.auth)]);
      expect(a?.sceneCode).not.toBe(b?.sceneCode);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an end before the start', { startsAt: '2030-01-01T12:00:00+08:00', endsAt: '2030-01-01T11:00:00+08:00' }, 'body.endsAt'],
      ['an empty title', { title: '  ' }, 'body.title'],
      ['an unknown platform', { platform: 'douyin' }, 'body.platform'],
      ['a time without offset', { startsAt: '2030-01-01 12:00' }, 'body.startsAt'],
      ['an unknown field', { sceneCode: 'mine' }, 'body.sceneCode'],
    ])('rejects %s with VALIDATION_FAILED on that field', async (_name, overrides, field) => {
      const before = await t.deps.db.select({ id: liveSessions.id }).from(liveSessions);
      const res = await t
        .request()
        .post('/api/admin/live-sessions')
        .set(owner.auth)
        .send({ ...buildSession(t), ...overrides });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await t.deps.db.select({ id: liveSessions.id }).from(liveSessions)).toHaveLength(before.length);
    });
  });

  describe('GET /api/admin/live-sessions', () => {
    it('lists sessions newest start first', async () => {
      const early = await createSession(t, owner.auth, { startsAt: isoFromNow(t, 2 * DAY), endsAt: isoFromNow(t, 2 * DAY + HOUR) });
      const late = await createSession(t, owner.auth, { startsAt: isoFromNow(t, 20 * DAY), endsAt: isoFromNow(t, 20 * DAY + HOUR) });
      const res = await adminGet('');
      expect(res.status).toBe(200);
      const ids = (res.body.items as LiveSessionView[]).map((item) => item.id);
      expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(early.id));
      const starts = (res.body.items as LiveSessionView[]).map((item) => item.startsAt);
      expect([...starts].sort().reverse()).toEqual(starts);
    });

    it('answers 404 LIVE_SESSION_NOT_FOUND for an unknown id and 400 for a bad one', async () => {
      expect((await adminGet('/999999')).body.error.code).toBe('LIVE_SESSION_NOT_FOUND');
      expect((await adminGet('/abc')).status).toBe(400);
    });
  });

  describe('status by the server clock', () => {
    it('moves scheduled → live → ended as the clock passes startsAt and endsAt', async () => {
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, 30 * MINUTE), endsAt: isoFromNow(t, 90 * MINUTE) });
      expect((await adminGet(`/${session.id}`)).body.status).toBe('scheduled');
      t.clock.advance(31 * MINUTE);
      const live = await t.request().get(`/api/live-sessions/${session.id}`);
      expect(live.body).toMatchObject({ status: 'live', endedAt: null });
      expect(Math.abs(Date.parse(live.body.serverNow) - t.clock.now().getTime())).toBeLessThan(5000);
      t.clock.advance(60 * MINUTE);
      expect((await adminGet(`/${session.id}`)).body.status).toBe('ended');
      expect((await t.request().get(`/api/live-sessions/${session.id}`)).body.status).toBe('ended');
    });
  });

  describe('PATCH /api/admin/live-sessions/:id', () => {
    it('changes the editable fields and audits before and after', async () => {
      const session = await createSession(t, owner.auth, { title: '旧标题' });
      const endsAt = isoFromNow(t, 5 * HOUR);
      const res = await t.request().patch(`/api/admin/live-sessions/${session.id}`).set(operator.auth).send({ title: '新标题', hostName: '小雨', endsAt });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: session.id,
        title: '新标题',
        hostName: '小雨',
        roomId: session.roomId,
        startsAt: session.startsAt,
        endsAt,
        sceneCode: session.sceneCode,
      });
      const [audit] = await auditOf('live_session.update', session.id);
      expect(audit).toMatchObject({ staffId: operator.id, before: { title: '旧标题', endsAt: session.endsAt }, after: { title: '新标题', endsAt } });
    });

    it('refuses a window that would end before it starts, naming the field', async () => {
      const session = await createSession(t, owner.auth);
      const res = await t
        .request()
        .patch(`/api/admin/live-sessions/${session.id}`)
        .set(owner.auth)
        .send({ startsAt: isoFromNow(t, 10 * HOUR) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.startsAt' }] } });
      expect((await adminGet(`/${session.id}`)).body.startsAt).toBe(session.startsAt);
    });

    it.each<[string, unknown, string]>([
      ['an empty body', {}, 'body'],
      ['a platform change', { platform: 'channels' }, 'body.platform'],
      ['a blank host', { hostName: '' }, 'body.hostName'],
    ])('rejects %s with VALIDATION_FAILED', async (_name, body, field) => {
      const session = await createSession(t, owner.auth);
      const res = await t
        .request()
        .patch(`/api/admin/live-sessions/${session.id}`)
        .set(owner.auth)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses changes once the session has ended with LIVE_SESSION_ENDED', async () => {
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -2 * HOUR), endsAt: isoFromNow(t, -HOUR) });
      expect(session.status).toBe('ended');
      const res = await t.request().patch(`/api/admin/live-sessions/${session.id}`).set(owner.auth).send({ title: '补救' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LIVE_SESSION_ENDED');
    });
  });

  describe('POST /api/admin/live-sessions/:id/end', () => {
    it('ends a live session early, once, and audits it', async () => {
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -MINUTE), endsAt: isoFromNow(t, HOUR) });
      expect(session.status).toBe('live');
      const res = await t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(operator.auth);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ended');
      expect(Math.abs(Date.parse(res.body.endedAt) - t.clock.now().getTime())).toBeLessThan(5000);
      expect(res.body.endsAt).toBe(session.endsAt);
      const again = await t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(operator.auth);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('LIVE_SESSION_ENDED');
      expect(await auditOf('live_session.end', session.id)).toHaveLength(1);
      const patch = await t.request().patch(`/api/admin/live-sessions/${session.id}`).set(owner.auth).send({ title: 'x' });
      expect(patch.body.error.code).toBe('LIVE_SESSION_ENDED');
    });

    it('answers 404 for an unknown session', async () => {
      const res = await t.request().post('/api/admin/live-sessions/999999/end').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('LIVE_SESSION_NOT_FOUND');
    });
  });

  describe('PUT /api/admin/live-sessions/:id/products', () => {
    it('replaces the list in the given order and audits it', async () => {
      const [a, b, c] = await Promise.all([createOnSaleProduct(t, owner.auth), createOnSaleProduct(t, owner.auth), createOnSaleProduct(t, owner.auth)]);
      if (!a || !b || !c) throw new Error('products missing');
      const session = await createSession(t, owner.auth);
      const first = await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(operator.auth)
        .send({ productIds: [c.id, a.id] });
      expect(first.status).toBe(200);
      expect(first.body.productIds).toEqual([c.id, a.id]);
      const second = await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(operator.auth)
        .send({ productIds: [b.id, c.id] });
      expect(second.body.productIds).toEqual([b.id, c.id]);
      expect((await adminGet(`/${session.id}`)).body.productIds).toEqual([b.id, c.id]);
      const audits = await auditOf('live_session.products', session.id);
      expect(audits.map((audit) => audit.after)).toEqual(expect.arrayContaining([{ productIds: [c.id, a.id] }, { productIds: [b.id, c.id] }]));
      expect(audits.find((audit) => (audit.after as { productIds: number[] }).productIds[0] === b.id)?.before).toEqual({ productIds: [c.id, a.id] });
      const cleared = await t.request().put(`/api/admin/live-sessions/${session.id}/products`).set(operator.auth).send({ productIds: [] });
      expect(cleared.body.productIds).toEqual([]);
    });

    it('rejects unknown and repeated products with VALIDATION_FAILED on their index, keeping the list', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const session = await createSession(t, owner.auth);
      await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(owner.auth)
        .send({ productIds: [product.id] });
      const unknown = await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(owner.auth)
        .send({ productIds: [product.id, 99999999] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'body.productIds.1' }] } });
      const repeated = await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(owner.auth)
        .send({ productIds: [product.id, product.id] });
      expect(repeated.status).toBe(400);
      expect(repeated.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.productIds.1' })]);
      const notArray = await t.request().put(`/api/admin/live-sessions/${session.id}/products`).set(owner.auth).send({ productIds: 'all' });
      expect(notArray.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.productIds' })]);
      expect((await adminGet(`/${session.id}`)).body.productIds).toEqual([product.id]);
    });

    it('refuses to change an ended session', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -2 * HOUR), endsAt: isoFromNow(t, -HOUR) });
      const res = await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(owner.auth)
        .send({ productIds: [product.id] });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LIVE_SESSION_ENDED');
    });
  });

  describe('GET /api/live-sessions (shop)', () => {
    it('lists live sessions and those starting within 7 days, never ended ones', async () => {
      const live = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -10 * MINUTE), endsAt: isoFromNow(t, HOUR) });
      const soon = await createSession(t, owner.auth, { startsAt: isoFromNow(t, 3 * DAY), endsAt: isoFromNow(t, 3 * DAY + HOUR) });
      const far = await createSession(t, owner.auth, { startsAt: isoFromNow(t, 8 * DAY), endsAt: isoFromNow(t, 8 * DAY + HOUR) });
      const past = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -3 * HOUR), endsAt: isoFromNow(t, -2 * HOUR) });
      const stopped = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -10 * MINUTE), endsAt: isoFromNow(t, HOUR) });
      await t.request().post(`/api/admin/live-sessions/${stopped.id}/end`).set(owner.auth).expect(200);
      const res = await t.request().get('/api/live-sessions');
      expect(res.status).toBe(200);
      const liveIds = (res.body.live as LiveSessionView[]).map((item) => item.id);
      const upcomingIds = (res.body.upcoming as LiveSessionView[]).map((item) => item.id);
      expect(liveIds).toContain(live.id);
      expect(upcomingIds).toContain(soon.id);
      for (const id of [far.id, past.id, stopped.id]) expect([...liveIds, ...upcomingIds]).not.toContain(id);
      expect((res.body.live as LiveSessionView[]).every((item) => item.status === 'live')).toBe(true);
      expect((res.body.upcoming as LiveSessionView[]).every((item) => item.status === 'scheduled')).toBe(true);
      expect(Math.abs(Date.parse(res.body.serverNow) - t.clock.now().getTime())).toBeLessThan(5000);
    });
  });

  describe('GET /api/live-sessions/:id and /scene/:scene (shop)', () => {
    it('shows on-sale products in order with their lowest private price, and no promo codes', async () => {
      const cheap = await createOnSaleProduct(t, owner.auth, {
        title: '冬季牛奶',
        images: ['/media/milk-1.jpg', '/media/milk-2.jpg'],
        skus: [buildSku({ publicPriceFen: 2000, privatePriceFen: 1500 }), buildSku({ publicPriceFen: 1800, privatePriceFen: 1200 })],
      });
      const plain = await createOnSaleProduct(t, owner.auth, { title: '燕麦', skus: [buildSku({ publicPriceFen: 3000, privatePriceFen: 2500 })] });
      const draft = await createProduct(t, owner.auth);
      const session = await createSession(t, owner.auth, { startsAt: isoFromNow(t, -MINUTE), endsAt: isoFromNow(t, HOUR) });
      await t
        .request()
        .put(`/api/admin/live-sessions/${session.id}/products`)
        .set(owner.auth)
        .send({ productIds: [plain.id, draft.id, cheap.id] })
        .expect(200);
      await t
        .request()
        .post(`/api/admin/live-sessions/${session.id}/promo-codes`)
        .set(owner.auth)
        .send({ code: `S${session.id}X`, rule: { kind: 'fixed_off', offFen: 100 } });

      const res = await t.request().get(`/api/live-sessions/${session.id}`);
      expect(res.status).toBe(200);
      const page = res.body as LiveSessionPageView;
      expect(page).toMatchObject({ id: session.id, status: 'live', sceneCode: session.sceneCode, productIds: [plain.id, cheap.id] });
      expect(page.products).toEqual([
        { productId: plain.id, title: '燕麦', image: null, minPriceFen: 2500, publicPriceFen: 3000 },
        { productId: cheap.id, title: '冬季牛奶', image: '/media/milk-1.jpg', minPriceFen: 1200, publicPriceFen: 1800 },
      ]);
      expect(JSON.stringify(page)).not.toMatch(/promoCodes|S\d+X/);

      const byScene = await t.request().get(`/api/live-sessions/scene/${encodeURIComponent(session.sceneCode)}`);
      expect(byScene.status).toBe(200);
      expect(byScene.body).toMatchObject({ id: session.id, products: page.products });
      const raw = await t.request().get(`/api/live-sessions/scene/${session.sceneCode}`);
      expect(raw.body.id).toBe(session.id);
    });

    it('answers 404 LIVE_SESSION_NOT_FOUND for an unknown id or scene', async () => {
      const byId = await t.request().get('/api/live-sessions/999999');
      expect(byId.status).toBe(404);
      expect(byId.body.error.code).toBe('LIVE_SESSION_NOT_FOUND');
      const byScene = await t.request().get('/api/live-sessions/scene/live%3D999999');
      expect(byScene.status).toBe(404);
      expect(byScene.body.error.code).toBe('LIVE_SESSION_NOT_FOUND');
    });
  });

  describe('permissions', () => {
    it('lets an analyst read but not write (403 FORBIDDEN, nothing changed)', async () => {
      const session = await createSession(t, owner.auth, { title: '只读' });
      expect((await adminGet('', analyst)).status).toBe(200);
      expect((await adminGet(`/${session.id}`, analyst)).status).toBe(200);
      expect((await adminGet(`/${session.id}/report`, analyst)).status).toBe(200);
      expect((await adminGet(`/${session.id}/promo-codes`, analyst)).status).toBe(200);
      const writes = [
        t.request().post('/api/admin/live-sessions').set(analyst.auth).send(buildSession(t)),
        t.request().patch(`/api/admin/live-sessions/${session.id}`).set(analyst.auth).send({ title: '改' }),
        t.request().put(`/api/admin/live-sessions/${session.id}/products`).set(analyst.auth).send({ productIds: [] }),
        t.request().post(`/api/admin/live-sessions/${session.id}/end`).set(analyst.auth),
        t
          .request()
          .post(`/api/admin/live-sessions/${session.id}/promo-codes`)
          .set(analyst.auth)
          .send({ code: 'NOPE123', rule: { kind: 'fixed_off', offFen: 100 } }),
        t.request().post('/api/admin/promo-codes/1/stop').set(analyst.auth),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await adminGet(`/${session.id}`)).body).toMatchObject({ title: '只读', endedAt: null });
    });

    it('lets service staff read and refuses writes; without a token answers 401', async () => {
      const service = await createStaff(t, 'service');
      expect((await adminGet('', service)).status).toBe(200);
      expect((await t.request().post('/api/admin/live-sessions').set(service.auth).send(buildSession(t))).status).toBe(403);
      expect((await t.request().get('/api/admin/live-sessions')).status).toBe(401);
      expect((await t.request().post('/api/admin/live-sessions').send(buildSession(t))).status).toBe(401);
    });
  });
});
