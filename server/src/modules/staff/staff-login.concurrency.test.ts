import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('staff login under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  describe('POST /api/admin/auth/login', () => {
    it('lets exactly 5 of 40 parallel wrong passwords for one account be checked; the rest answer TOO_MANY_ATTEMPTS', async () => {
      const service = await createStaff(t, 'service');
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          t
            .request()
            .post('/api/admin/auth/login')
            .send({ username: service.username, password: `parallel-guess-${i}` }),
        ),
      );
      const codes = responses.map((res) => res.body.error?.code as string);
      expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
      expect(codes.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(35);
      const audited = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'staff.login_failed'), eq(auditLog.targetId, String(service.id))));
      expect(audited).toHaveLength(5);
      const correct = await t.request().post('/api/admin/auth/login').send({ username: service.username, password: service.password });
      expect(correct.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    });

    it('lets the right password in while 4 parallel wrong ones race it; its slot comes back, so a 5th failure is still checked', async () => {
      const operator = await createStaff(t, 'operator');
      const attempt = (password: string) => t.request().post('/api/admin/auth/login').send({ username: operator.username, password });
      const [correct, ...wrong] = await Promise.all([attempt(operator.password), ...Array.from({ length: 4 }, (_, i) => attempt(`wrong-${i}-password`))]);
      expect(correct?.status).toBe(200);
      expect(wrong.map((res) => res.body.error.code)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
      const fifth = await attempt('wrong-5-password');
      expect(fifth.body.error.code).toBe('INVALID_CREDENTIALS');
      expect((await attempt(operator.password)).body.error.code).toBe('TOO_MANY_ATTEMPTS');
    });
  });
});
