import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';

/** Ten bad codes from client A, then one good code from client B; both name themselves in X-Forwarded-For. */
async function badCodesThenAnotherClient(t: TestApp, clientA: string, clientB: string) {
  for (let i = 0; i < 10; i += 1) {
    const res = await t
      .request()
      .post('/api/auth/wechat')
      .set('X-Forwarded-For', clientA)
      .send({ code: `bogus-${i}` });
    expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
  }
  const again = await t
    .request()
    .post('/api/auth/wechat')
    .set('X-Forwarded-For', clientA)
    .send({ code: (await t.simulator.mintLoginCode('a_user')).code });
  const other = await t
    .request()
    .post('/api/auth/wechat')
    .set('X-Forwarded-For', clientB)
    .send({ code: (await t.simulator.mintLoginCode('b_user')).code });
  return { again, other };
}

describe.each(testDrivers())('member login throttle on %s', (driver) => {
  describe('POST /api/auth/wechat behind a trusted proxy (TRUST_PROXY=1)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(driver, { env: { TRUST_PROXY: '1' } });
    });
    afterAll(() => t.close());

    it('locks out only the client that sent 10 bad codes with TOO_MANY_ATTEMPTS; another client logs in', async () => {
      const { again, other } = await badCodesThenAnotherClient(t, '203.0.113.10', '203.0.113.20');
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(other.status).toBe(200);
      expect(other.body.isNewMember).toBe(true);
    });
  });

  describe('POST /api/auth/wechat without TRUST_PROXY', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(driver);
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: a forged address does not escape the lockout of its connection with TOO_MANY_ATTEMPTS', async () => {
      const { again, other } = await badCodesThenAnotherClient(t, '203.0.113.10', '203.0.113.20');
      expect(again.status).toBe(429);
      expect(other.status).toBe(429);
      expect(other.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    });
  });
});
