import { eq } from 'drizzle-orm';
import { members } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

async function bindPhone(t: TestApp, member: TestMember, userKey: string, phone: string) {
  const { code } = await t.simulator.mintPhoneCode(userKey, phone);
  return t.request().post('/api/me/phone').set(member.auth).send({ code });
}

describe.each(testDrivers())('members on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  describe('GET /api/me', () => {
    it('returns only the caller’s own profile', async () => {
      const alice = await loginMember(t, 'me-alice');
      const bob = await loginMember(t, 'me-bob');
      const res = await t.request().get('/api/me').set(alice.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: alice.id, tierCode: 'bronze', hasPhone: false, phoneMasked: null });
      expect(res.body.id).not.toBe(bob.id);
    });
  });

  describe('POST /api/me/phone', () => {
    it('binds the phone number encrypted at rest, with a lookup hash, and shows it masked', async () => {
      const member = await loginMember(t, 'phone-amy');
      const res = await bindPhone(t, member, 'phone-amy', '13812345678');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ hasPhone: true, phoneMasked: '138****5678' });
      const [row] = await t.deps.db.select().from(members).where(eq(members.id, member.id));
      expect(row?.phoneCipher).toBeTruthy();
      expect(JSON.stringify(row)).not.toContain('13812345678');
      expect(JSON.stringify(row)).not.toContain('12345678');
      expect(t.deps.phoneCrypto.decrypt(row?.phoneCipher ?? '')).toBe('13812345678');
      expect(row?.phoneHash).toBe(t.deps.phoneCrypto.hash('13812345678'));
    });

    it('rejects a reused phone code with WECHAT_PHONE_CODE_INVALID and changes nothing', async () => {
      const member = await loginMember(t, 'phone-ben');
      const { code } = await t.simulator.mintPhoneCode('phone-ben', '13900001111');
      expect((await t.request().post('/api/me/phone').set(member.auth).send({ code })).status).toBe(200);
      const again = await t.request().post('/api/me/phone').set(member.auth).send({ code });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('WECHAT_PHONE_CODE_INVALID');
    });

    it('still works when WeChat has invalidated our access token (one retry)', async () => {
      const member = await loginMember(t, 'phone-cat');
      await bindPhone(t, member, 'phone-cat', '13700000001');
      await t.simulator.invalidateTokens();
      const res = await bindPhone(t, member, 'phone-cat', '13700000002');
      expect(res.status).toBe(200);
      expect(res.body.phoneMasked).toBe('137****0002');
    });

    it('requires a member token and a code', async () => {
      expect((await t.request().post('/api/me/phone').send({ code: 'x' })).status).toBe(401);
      const member = await loginMember(t);
      const res = await t.request().post('/api/me/phone').set(member.auth).send({});
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /api/admin/members', () => {
    it('finds a member by exact phone and shows the number masked only', async () => {
      const member = await loginMember(t, 'find-me');
      await bindPhone(t, member, 'find-me', '13612340000');
      const service = await createStaff(t, 'service');
      const res = await t.request().get('/api/admin/members').query({ phone: '13612340000' }).set(service.auth);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ id: member.id, phoneMasked: '136****0000' });
      expect(JSON.stringify(res.body)).not.toContain('13612340000');
      const miss = await t.request().get('/api/admin/members').query({ phone: '13612340001' }).set(service.auth);
      expect(miss.body.items).toHaveLength(0);
    });

    it('pages through members with a cursor', async () => {
      for (let i = 0; i < 3; i += 1) await loginMember(t);
      const analyst = await createStaff(t, 'analyst');
      const first = await t.request().get('/api/admin/members').query({ limit: 2 }).set(analyst.auth);
      expect(first.body.items).toHaveLength(2);
      const second = await t.request().get('/api/admin/members').query({ limit: 2, cursor: first.body.nextCursor }).set(analyst.auth);
      const ids = [...first.body.items, ...second.body.items].map((m: { id: number }) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Math.max(...second.body.items.map((m: { id: number }) => m.id))).toBeLessThan(Math.min(...first.body.items.map((m: { id: number }) => m.id)));
    });

    it('rejects a malformed phone or cursor with a 400 code', async () => {
      const owner = await createStaff(t, 'owner');
      expect((await t.request().get('/api/admin/members').query({ phone: '12345' }).set(owner.auth)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await t.request().get('/api/admin/members').query({ cursor: 'not-a-cursor' }).set(owner.auth)).body.error.code).toBe('INVALID_CURSOR');
    });

    it('is closed to members and guests', async () => {
      const member = await loginMember(t);
      expect((await t.request().get('/api/admin/members').set(member.auth)).status).toBe(401);
      expect((await t.request().get('/api/admin/members')).status).toBe(401);
    });

    it('GET /api/admin/members/:id answers 404 MEMBER_NOT_FOUND for an unknown id', async () => {
      const owner = await createStaff(t, 'owner');
      const res = await t.request().get('/api/admin/members/999999').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MEMBER_NOT_FOUND');
    });
  });
});
