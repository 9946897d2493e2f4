import { eq } from 'drizzle-orm';
import { flashSales } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildFlashSale, createFlashSale, createFlashSku } from './test-factories';

const MINUTE = 60 * 1000;

/** Only a PostgreSQL server can run transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('flash sales under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('POST /api/admin/flash-sales: of 20 parallel overlapping sales on one SKU exactly one is created', async () => {
    const { skuId } = await createFlashSku(t, owner.auth);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.request().post('/api/admin/flash-sales').set(owner.auth).send(buildFlashSale(t, skuId, { title: `并发${i}` }))),
    );
    expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
    expect(responses.filter((res) => res.status === 409 && res.body.error.code === 'FLASH_SALE_OVERLAP')).toHaveLength(19);
    expect(await t.deps.db.select().from(flashSales).where(eq(flashSales.skuId, skuId))).toHaveLength(1);
  });

  it('PATCH /api/admin/flash-sales/:id: of 10 parallel moves of two sales into one slot exactly one wins', async () => {
    const { skuId } = await createFlashSku(t, owner.auth);
    const now = t.clock.now().getTime();
    const slot = (start: number) => ({ startsAt: new Date(now + start * MINUTE).toISOString(), endsAt: new Date(now + (start + 30) * MINUTE).toISOString() });
    const a = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, slot(60)));
    const b = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, slot(120)));
    const target = slot(200);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => t.request().patch(`/api/admin/flash-sales/${i % 2 === 0 ? a.id : b.id}`).set(owner.auth).send(target)));
    const moved = responses.filter((res) => res.status === 200);
    // The winner's repeats change nothing and succeed; the other sale's moves all overlap.
    expect(new Set(moved.map((res) => res.body.id)).size).toBe(1);
    expect(responses.filter((res) => res.status === 409).every((res) => res.body.error.code === 'FLASH_SALE_OVERLAP')).toBe(true);
    expect(moved.length + responses.filter((res) => res.status === 409).length).toBe(10);
    const inSlot = (await t.deps.db.select().from(flashSales).where(eq(flashSales.skuId, skuId))).filter((row) => row.startsAt.toISOString() === target.startsAt);
    expect(inSlot).toHaveLength(1);
  });
});
