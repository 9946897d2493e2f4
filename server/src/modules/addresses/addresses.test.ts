import { eq } from 'drizzle-orm';
import { addresses } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

const body = (overrides: object = {}) => ({
  recipientName: '李四',
  phone: '13912345678',
  regionCodes: ['440000', '440300', '440305'],
  regionText: '广东省 深圳市 南山区',
  detail: '科技园 1 号',
  ...overrides,
});

describe.each(testDrivers())('addresses on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('POST /api/me/addresses makes the first address the default and encrypts the phone', async () => {
    const member = await loginMember(t);
    const res = await t.request().post('/api/me/addresses').set(member.auth).send(body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recipientName: '李四', phone: '13912345678', isDefault: true });
    const [row] = await t.deps.db.select().from(addresses).where(eq(addresses.id, res.body.id));
    expect(JSON.stringify(row)).not.toContain('13912345678');
  });

  it('keeps one default: a new default replaces the old one', async () => {
    const member = await loginMember(t);
    const first = await t.request().post('/api/me/addresses').set(member.auth).send(body());
    const second = await t
      .request()
      .post('/api/me/addresses')
      .set(member.auth)
      .send(body({ detail: '二号', isDefault: true }));
    const list = await t.request().get('/api/me/addresses').set(member.auth);
    expect(list.body.items.map((a: { id: number; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [second.body.id, true],
      [first.body.id, false],
    ]);
  });

  it('PATCH and DELETE touch only the member’s own addresses', async () => {
    const alice = await loginMember(t);
    const bob = await loginMember(t);
    const address = await t.request().post('/api/me/addresses').set(alice.auth).send(body());
    expect((await t.request().patch(`/api/me/addresses/${address.body.id}`).set(bob.auth).send({ detail: 'x' })).status).toBe(404);
    expect((await t.request().delete(`/api/me/addresses/${address.body.id}`).set(bob.auth)).status).toBe(404);
    const patched = await t.request().patch(`/api/me/addresses/${address.body.id}`).set(alice.auth).send({ detail: '新地址 8 号' });
    expect(patched.body.detail).toBe('新地址 8 号');
    expect((await t.request().delete(`/api/me/addresses/${address.body.id}`).set(alice.auth)).status).toBe(204);
    expect((await t.request().get('/api/me/addresses').set(alice.auth)).body.items).toHaveLength(0);
  });

  it.each([
    ['a short phone', { phone: '1381234' }, 'body.phone'],
    ['a bad region code', { regionCodes: ['44'] }, 'body.regionCodes.0'],
    ['an over-long detail', { detail: '长'.repeat(121) }, 'body.detail'],
    ['an unknown field', { lat: 1 }, 'body.lat'],
  ])('rejects %s with VALIDATION_FAILED', async (_name, override, field) => {
    const member = await loginMember(t);
    const res = await t.request().post('/api/me/addresses').set(member.auth).send(body(override));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
  });

  it.each([
    ['a district code that does not exist', ['440000', '440300', '440399']],
    ['a city of another province', ['440000', '320100', '320102']],
    ['a district of another city', ['440000', '440300', '440106']],
    ['an unknown province', ['990000', '990100']],
  ])('rejects %s with ADDRESS_REGION_UNKNOWN (the picker’s dataset)', async (_name, regionCodes) => {
    const member = await loginMember(t);
    const res = await t.request().post('/api/me/addresses').set(member.auth).send(body({ regionCodes }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ADDRESS_REGION_UNKNOWN');
    const created = await t.request().post('/api/me/addresses').set(member.auth).send(body());
    const patched = await t.request().patch(`/api/me/addresses/${created.body.id}`).set(member.auth).send({ regionCodes });
    expect(patched.body.error.code).toBe('ADDRESS_REGION_UNKNOWN');
  });

  it('accepts region paths at the dataset’s edges: a municipality, Hong Kong, 东莞 (towns instead of districts)', async () => {
    const member = await loginMember(t);
    const paths = [
      ['310000', '310100', '310115'],
      ['810000', '810100', '810101'],
      ['440000', '441900', '441901'],
    ];
    for (const regionCodes of paths) {
      const res = await t.request().post('/api/me/addresses').set(member.auth).send(body({ regionCodes }));
      expect([res.status, regionCodes]).toEqual([201, regionCodes]);
    }
  });

  it('requires a member token', async () => {
    expect((await t.request().get('/api/me/addresses')).status).toBe(401);
  });
});
