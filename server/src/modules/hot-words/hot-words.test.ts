import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe.each(testDrivers())('search hot words on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const put = (auth: { Authorization: string }, words: unknown) => t.request().put('/api/admin/search/hot-words').set(auth).send({ words });

  it('PUT /api/admin/search/hot-words replaces the list in order, audited; GET /api/search/hot-words shows it to guests', async () => {
    const operator = await createStaff(t, 'operator');
    expect((await put(operator.auth, ['燕麦奶', '坚果'])).status).toBe(200);
    const res = await put(operator.auth, [' 蛋白粉 ', '燕麦奶']);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ words: ['蛋白粉', '燕麦奶'] });
    expect((await t.request().get('/api/search/hot-words')).body).toEqual({ words: ['蛋白粉', '燕麦奶'] });
    const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'search.hot_words.update')).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ staffId: operator.id, before: { words: ['燕麦奶', '坚果'] }, after: { words: ['蛋白粉', '燕麦奶'] } });
  });

  it.each([[['重复', '重复']], [['']], [['太长的热搜词'.repeat(5)]], [Array.from({ length: 21 }, (_, i) => `词${i}`)], ['不是数组']])(
    'refuses %j with VALIDATION_FAILED and keeps the list',
    async (words) => {
      const owner = await createStaff(t, 'owner');
      await put(owner.auth, ['保留']);
      const res = await put(owner.auth, words);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect((await t.request().get('/api/search/hot-words')).body).toEqual({ words: ['保留'] });
    },
  );

  it('is set by catalog writers only: analysts, service staff and members are refused', async () => {
    expect((await put((await createStaff(t, 'analyst')).auth, ['x'])).status).toBe(403);
    expect((await put((await createStaff(t, 'service')).auth, ['x'])).status).toBe(403);
    expect((await put((await loginMember(t)).auth, ['x'])).status).toBe(401);
    expect(
      (
        await t
          .request()
          .get('/api/admin/search/hot-words')
          .set((await createStaff(t, 'analyst')).auth)
      ).status,
    ).toBe(200);
  });
});
