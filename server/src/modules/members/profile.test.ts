import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { memberAvatars, members, orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertOrder } from '../points/test-factories';

/** A real picture of `format`, drawn by sharp (no fixtures on disk). */
function picture(format: 'png' | 'jpeg', size = 132): Promise<Buffer> {
  const image = sharp({ create: { width: size, height: size, channels: 3, background: { r: 238, g: 10, b: 36 } } });
  return (format === 'png' ? image.png() : image.jpeg()).toBuffer();
}

describe.each(testDrivers())('member profile on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  describe('PATCH /api/me', () => {
    it('sets the nickname the member typed (trimmed) and answers the profile', async () => {
      const member = await loginMember(t);
      const res = await t.request().patch('/api/me').set(member.auth).send({ nickname: '  小思  ' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: member.id, nickname: '小思' });
      expect((await t.request().get('/api/me').set(member.auth)).body.nickname).toBe('小思');
    });

    it.each([[''], ['   '], ['a'.repeat(21)], ['坏\u0000名'], ['两\n行']])(
      'refuses the nickname %j with VALIDATION_FAILED and keeps the old one',
      async (nickname) => {
        const member = await loginMember(t);
        const before = (await t.request().get('/api/me').set(member.auth)).body.nickname;
        const res = await t.request().patch('/api/me').set(member.auth).send({ nickname });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect((await t.request().get('/api/me').set(member.auth)).body.nickname).toBe(before);
      },
    );

    it('changes only the caller (no member id in the body) and requires a member', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const bobBefore = (await t.request().get('/api/me').set(bob.auth)).body.nickname;
      const forged = await t.request().patch('/api/me').set(alice.auth).send({ nickname: 'x', id: bob.id });
      expect(forged.body.error.code).toBe('VALIDATION_FAILED');
      await t.request().patch('/api/me').set(alice.auth).send({ nickname: '爱丽丝' });
      expect((await t.request().get('/api/me').set(bob.auth)).body.nickname).toBe(bobBefore);
      expect((await t.request().patch('/api/me').send({ nickname: 'x' })).status).toBe(401);
    });
  });

  describe('POST /api/me/avatar', () => {
    it.each(['png', 'jpeg'] as const)('stores a real %s as a 256 px WebP and serves it with a long cache', async (format) => {
      const member = await loginMember(t);
      const res = await t
        .request()
        .post('/api/me/avatar')
        .set(member.auth)
        .send({ image: (await picture(format)).toString('base64') });
      expect(res.status).toBe(200);
      expect(res.body.avatarUrl).toMatch(new RegExp(`^/api/avatars/${member.id}\\?v=[0-9a-f]{16}$`));
      const served = await t.request().get(res.body.avatarUrl).buffer(true);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      expect(served.headers['cache-control']).toContain('immutable');
      const meta = await sharp(served.body as Buffer).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    });

    it('refuses a file that lies about being a picture with AVATAR_INVALID and stores nothing', async () => {
      const member = await loginMember(t);
      // PNG magic bytes, then text: a name or a sniffed header would take it for a PNG.
      const liar = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<script>alert(1)</script>'.repeat(4))]);
      const res = await t
        .request()
        .post('/api/me/avatar')
        .set(member.auth)
        .send({ image: liar.toString('base64') });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('AVATAR_INVALID');
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
      expect(
        (
          await t
            .request()
            .post('/api/me/avatar')
            .set(member.auth)
            .send({ image: svg.toString('base64') })
        ).body.error.code,
      ).toBe('AVATAR_INVALID');
      expect(await t.deps.db.select().from(memberAvatars).where(eq(memberAvatars.memberId, member.id))).toHaveLength(0);
      const [row] = await t.deps.db.select().from(members).where(eq(members.id, member.id));
      expect(row?.avatarUrl).toBeNull();
    });

    it('refuses a picture over 128 KiB with AVATAR_TOO_LARGE (or the body limit) and an unknown avatar with 404', async () => {
      const member = await loginMember(t);
      const big = Buffer.alloc(130 * 1024, 7);
      const res = await t
        .request()
        .post('/api/me/avatar')
        .set(member.auth)
        .send({ image: big.toString('base64') });
      expect([400, 413]).toContain(res.status);
      expect(['AVATAR_TOO_LARGE', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE']).toContain(res.body.error.code);
      expect((await t.request().get('/api/avatars/2147483647')).status).toBe(404);
    });
  });

  describe('GET /api/me/order-counts', () => {
    it('counts the caller’s own orders to pay, ship, receive and refunds in progress', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const now = t.clock.now();
      const statuses = ['pending_payment', 'pending_payment', 'paid', 'shipped', 'shipped', 'shipped', 'refunding', 'completed', 'cancelled', 'refunded'];
      for (const status of statuses) {
        const order = await insertOrder(t.deps.db, { memberId: alice.id, payableFen: 1000, paidAt: status === 'pending_payment' ? null : now, now });
        await t.deps.db.update(orders).set({ status }).where(eq(orders.id, order.id));
      }
      await insertOrder(t.deps.db, { memberId: bob.id, payableFen: 1000, paidAt: null, now });
      const res = await t.request().get('/api/me/order-counts').set(alice.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ pendingPayment: 2, toShip: 1, toReceive: 3, refunding: 1 });
      const fresh = await loginMember(t);
      expect((await t.request().get('/api/me/order-counts').set(fresh.auth)).body).toEqual({ pendingPayment: 0, toShip: 0, toReceive: 0, refunding: 0 });
      expect((await t.request().get('/api/me/order-counts')).status).toBe(401);
    });
  });
});
