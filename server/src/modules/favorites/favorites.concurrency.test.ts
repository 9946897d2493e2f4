import { and, eq } from 'drizzle-orm';
import { favorites } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createOnSaleProduct } from '../catalog/test-factories';

/** Only a PostgreSQL server runs requests in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('favourites under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  it('PUT /api/me/favorites/:productId: 30 parallel adds all answer 200 and leave one row', async () => {
    const owner = await createStaff(t, 'owner');
    const member = await loginMember(t);
    const product = await createOnSaleProduct(t, owner.auth);
    const responses = await Promise.all(Array.from({ length: 30 }, () => t.request().put(`/api/me/favorites/${product.id}`).set(member.auth)));
    expect(responses.map((res) => res.status)).toEqual(Array.from({ length: 30 }, () => 200));
    const rows = await t.deps.db
      .select()
      .from(favorites)
      .where(and(eq(favorites.memberId, member.id), eq(favorites.productId, product.id)));
    expect(rows).toHaveLength(1);
  });
});
