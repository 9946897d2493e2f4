import { and, eq, isNull } from 'drizzle-orm';
import { addresses } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { MAX_ADDRESSES } from './service';

const body = (n: number, isDefault = false) => ({
  recipientName: '李四',
  phone: '13912345678',
  regionCodes: ['440000', '440300', '440305'],
  regionText: '广东省 深圳市 南山区',
  detail: `科技园 ${n} 号`,
  isDefault,
});

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('addresses under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  it('a new member’s 12 parallel first addresses: all created, exactly one default (never a 500)', async () => {
    const member = await loginMember(t);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        t
          .request()
          .post('/api/me/addresses')
          .set(member.auth)
          .send(body(n, n % 3 === 0)),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array.from({ length: 12 }, () => 201));
    const rows = await t.deps.db
      .select()
      .from(addresses)
      .where(and(eq(addresses.memberId, member.id), isNull(addresses.deletedAt)));
    expect(rows).toHaveLength(12);
    expect(rows.filter((row) => row.isDefault)).toHaveLength(1);
  });

  it(`${MAX_ADDRESSES + 10} parallel creates stop at exactly ${MAX_ADDRESSES}; the rest answer ADDRESS_LIMIT_REACHED`, async () => {
    const member = await loginMember(t);
    const results = await Promise.all(
      Array.from({ length: MAX_ADDRESSES + 10 }, (_, n) => t.request().post('/api/me/addresses').set(member.auth).send(body(n))),
    );
    expect(results.filter((res) => res.status === 201)).toHaveLength(MAX_ADDRESSES);
    const refused = results.filter((res) => res.status !== 201);
    expect(refused.map((res) => [res.status, res.body.error?.code])).toEqual(Array.from({ length: 10 }, () => [409, 'ADDRESS_LIMIT_REACHED']));
    const rows = await t.deps.db
      .select()
      .from(addresses)
      .where(and(eq(addresses.memberId, member.id), isNull(addresses.deletedAt)));
    expect(rows).toHaveLength(MAX_ADDRESSES);
    expect(rows.filter((row) => row.isDefault)).toHaveLength(1);
  });
});
