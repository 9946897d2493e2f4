import jwt from 'jsonwebtoken';
import { eq } from 'drizzle-orm';
import { refreshTokens } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe.each(testDrivers())('member auth on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  describe('POST /api/auth/wechat', () => {
    it('creates a member on first login and returns a token pair', async () => {
      const { code, openid } = await t.simulator.mintLoginCode('alice');
      const res = await t
        .request()
        .post('/api/auth/wechat')
        .send({ code, launch: { scene: 1047, query: { scene: 'PK01' } } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ isNewMember: true, accessTokenExpiresIn: 900, member: { tierCode: 'bronze', hasPhone: false } });
      expect(res.body.refreshToken).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toContain(openid);
      const me = await t.request().get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(res.body.member.id);
    });

    it('finds the returning member instead of creating another', async () => {
      const first = await loginMember(t, 'bob');
      const { code } = await t.simulator.mintLoginCode('bob');
      const res = await t.request().post('/api/auth/wechat').send({ code });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ isNewMember: false, member: { id: first.id } });
    });

    it('rejects a reused code with WECHAT_CODE_INVALID', async () => {
      const { code } = await t.simulator.mintLoginCode('carol');
      expect((await t.request().post('/api/auth/wechat').send({ code })).status).toBe(200);
      const again = await t.request().post('/api/auth/wechat').send({ code });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('WECHAT_CODE_INVALID');
    });

    it('rejects an expired code with WECHAT_CODE_INVALID', async () => {
      const { code } = await t.simulator.mintLoginCode('dora');
      t.clock.advance(6 * 60 * 1000);
      const res = await t.request().post('/api/auth/wechat').send({ code });
      expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
    });

    it.each([
      ['a missing code', {}, 'body.code'],
      ['an unknown field', { code: 'x', openid: 'forged' }, 'body.openid'],
      ['a non-string code', { code: 42 }, 'body.code'],
      ['an over-long code', { code: 'x'.repeat(129) }, 'body.code'],
    ])('rejects %s with VALIDATION_FAILED', async (_name, body, field) => {
      const res = await t.request().post('/api/auth/wechat').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues[0].field).toBe(field);
    });

    it('answers 429 TOO_MANY_ATTEMPTS after 10 failed code exchanges from one IP', async () => {
      t.clock.advance(20 * 60 * 1000); // a fresh throttling window
      for (let i = 0; i < 10; i += 1) {
        const res = await t
          .request()
          .post('/api/auth/wechat')
          .send({ code: `bogus-${i}` });
        expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
      }
      const { code } = await t.simulator.mintLoginCode('eve');
      const blocked = await t.request().post('/api/auth/wechat').send({ code });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      t.clock.advance(20 * 60 * 1000);
      const fresh = await t.simulator.mintLoginCode('eve');
      expect((await t.request().post('/api/auth/wechat').send({ code: fresh.code })).status).toBe(200);
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates the refresh token and the new access token works', async () => {
      const member = await loginMember(t);
      const res = await t.request().post('/api/auth/refresh').send({ refreshToken: member.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(member.refreshToken);
      const me = await t.request().get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.body.id).toBe(member.id);
    });

    it('stores only hashes of refresh tokens', async () => {
      const member = await loginMember(t);
      const rows = await t.deps.db.select().from(refreshTokens).where(eq(refreshTokens.memberId, member.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.tokenHash).not.toBe(member.refreshToken);
      expect(JSON.stringify(rows)).not.toContain(member.refreshToken);
    });

    it('treats reuse of a rotated token as theft: the whole family is revoked', async () => {
      const member = await loginMember(t);
      const rotated = await t.request().post('/api/auth/refresh').send({ refreshToken: member.refreshToken });
      const reuse = await t.request().post('/api/auth/refresh').send({ refreshToken: member.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.error).toMatchObject({ code: 'REFRESH_TOKEN_INVALID', details: { reason: 'reused' } });
      const afterTheft = await t.request().post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
      expect(afterTheft.status).toBe(401);
      expect(afterTheft.body.error.details.reason).toBe('revoked');
    });

    it('rejects an unknown token with REFRESH_TOKEN_INVALID', async () => {
      const res = await t
        .request()
        .post('/api/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('rejects an expired refresh token', async () => {
      const member = await loginMember(t);
      t.clock.advance(31 * 24 * 3600 * 1000);
      const res = await t.request().post('/api/auth/refresh').send({ refreshToken: member.refreshToken });
      expect(res.body.error).toMatchObject({ code: 'REFRESH_TOKEN_INVALID', details: { reason: 'expired' } });
    });
  });

  describe('POST /api/auth/logout', () => {
    it('revokes the session so the refresh token no longer works', async () => {
      const member = await loginMember(t);
      expect((await t.request().post('/api/auth/logout').send({ refreshToken: member.refreshToken })).status).toBe(204);
      const res = await t.request().post('/api/auth/refresh').send({ refreshToken: member.refreshToken });
      expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    });
  });

  describe('access tokens', () => {
    it('expire after 15 minutes with TOKEN_EXPIRED', async () => {
      const member = await loginMember(t);
      t.clock.advance(16 * 60 * 1000);
      const res = await t.request().get('/api/me').set(member.auth);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    });

    it('rejects a token signed with another secret as TOKEN_INVALID', async () => {
      const member = await loginMember(t);
      const forged = jwt.sign({}, 'another-secret-another-secret-123', { audience: 'siyu:member', issuer: 'siyu', subject: String(member.id) });
      const res = await t.request().get('/api/me').set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_INVALID');
    });

    it('does not accept a staff token on a member route, nor a member token on a staff route', async () => {
      const staff = await createStaff(t, 'owner');
      const member = await loginMember(t);
      expect((await t.request().get('/api/me').set(staff.auth)).body.error.code).toBe('TOKEN_INVALID');
      expect((await t.request().get('/api/admin/me').set(member.auth)).body.error.code).toBe('TOKEN_INVALID');
    });

    it('answers 401 UNAUTHENTICATED without a token and TOKEN_INVALID for a malformed header', async () => {
      expect((await t.request().get('/api/me')).body.error.code).toBe('UNAUTHENTICATED');
      expect((await t.request().get('/api/me').set('Authorization', 'Basic abc')).body.error.code).toBe('TOKEN_INVALID');
    });
  });
});

describe.each(testDrivers())('member auth with wrong WeChat credentials on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { env: { WECHAT_SECRET: 'not-the-right-secret-000' } });
  });
  afterAll(() => t.close());

  it('answers 502 WECHAT_UNAVAILABLE when WeChat rejects our secret (40125), creating nobody', async () => {
    const { code } = await t.simulator.mintLoginCode('frank');
    const res = await t.request().post('/api/auth/wechat').send({ code });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'WECHAT_UNAVAILABLE', details: { errcode: 40125 } });
    expect(await t.deps.db.$count((await import('../../db/schema')).members)).toBe(0);
  });
});
