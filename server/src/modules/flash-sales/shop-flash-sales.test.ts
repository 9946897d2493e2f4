import { eq } from 'drizzle-orm';
import type { FlashSaleView } from '@siyu/shared';
import { flashSales } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createProduct, firstSku } from '../catalog/test-factories';
import { buildFlashSale, createFlashSale, createFlashSku } from './test-factories';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

describe.each(testDrivers())('shop flash sales (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    owner = await createStaff(t, 'owner');
  });

  const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
  async function saleAt(startOffsetMs: number, endOffsetMs: number, sku: Parameters<typeof createFlashSku>[2] = {}) {
    const { skuId } = await createFlashSku(t, owner.auth, sku);
    return createFlashSale(t, owner.auth, buildFlashSale(t, skuId, { startsAt: at(startOffsetMs), endsAt: at(endOffsetMs) }));
  }
  const listIds = async (query: Record<string, string> = {}) => {
    const res = await t.request().get('/api/flash-sales').query(query);
    expect(res.status).toBe(200);
    return (res.body.items as FlashSaleView[]).map((item) => item.id);
  };

  describe('GET /api/flash-sales', () => {
    it('lists ongoing and upcoming sales within three days, with serverNow and the product facts', async () => {
      const ongoing = await saleAt(-MINUTE, 30 * MINUTE);
      const soon = await saleAt(2 * DAY, 2 * DAY + 30 * MINUTE);
      const far = await saleAt(4 * DAY, 4 * DAY + 30 * MINUTE);
      const member = await loginMember(t);
      const res = await t.request().get('/api/flash-sales').set(member.auth);
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.serverNow)).toBeGreaterThan(t.clock.now().getTime() - 60_000);
      const ids = (res.body.items as FlashSaleView[]).map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining([ongoing.id, soon.id]));
      expect(ids).not.toContain(far.id);
      expect(ids.indexOf(ongoing.id)).toBeLessThan(ids.indexOf(soon.id));
      const item = (res.body.items as FlashSaleView[]).find((entry) => entry.id === ongoing.id);
      expect(item).toMatchObject({
        status: 'ongoing',
        productId: ongoing.productId,
        productTitle: ongoing.productTitle,
        flashPriceFen: 1200,
        privatePriceFen: 1500,
        remainingUnits: 10,
        serverNow: res.body.serverNow,
      });
      expect(item).not.toHaveProperty('approval');
      expect(await listIds({ status: 'ongoing' })).toEqual(expect.arrayContaining([ongoing.id]));
      expect(await listIds({ status: 'ongoing' })).not.toContain(soon.id);
      expect(await listIds({ status: 'upcoming' })).toEqual(expect.arrayContaining([soon.id]));
      expect(await listIds({ status: 'upcoming' })).not.toContain(ongoing.id);
    });

    it('keeps a sold-out sale listed as sold_out', async () => {
      const sale = await saleAt(-MINUTE, 30 * MINUTE);
      await t.deps.db.update(flashSales).set({ soldUnits: 10 }).where(eq(flashSales.id, sale.id));
      const res = await t.request().get('/api/flash-sales').query({ status: 'ongoing' });
      expect((res.body.items as FlashSaleView[]).find((item) => item.id === sale.id)).toMatchObject({ status: 'sold_out', remainingUnits: 0 });
    });

    it('hides pending, stopped and ended sales and those of unpublished products', async () => {
      const pending = await saleAt(-MINUTE, 30 * MINUTE, { costPriceFen: 1300 });
      expect(pending.status).toBe('pending_approval');
      const stopped = await saleAt(-MINUTE, 30 * MINUTE);
      await t.request().post(`/api/admin/flash-sales/${stopped.id}/stop`).set(owner.auth).expect(200);
      const ending = await saleAt(-MINUTE, 5 * MINUTE);
      const draft = await createProduct(t, owner.auth);
      const hidden = await createFlashSale(t, owner.auth, buildFlashSale(t, firstSku(draft).id, { startsAt: at(-MINUTE) }));
      const visible = await saleAt(-MINUTE, 30 * MINUTE);
      const before = await listIds();
      expect(before).toContain(visible.id);
      expect(before).toContain(ending.id);
      for (const id of [pending.id, stopped.id, hidden.id]) expect(before).not.toContain(id);
      t.clock.advance(6 * MINUTE);
      const after = await listIds();
      expect(after).toContain(visible.id);
      expect(after).not.toContain(ending.id);
    });

    it('rejects an unknown status filter with VALIDATION_FAILED', async () => {
      const res = await t.request().get('/api/flash-sales').query({ status: 'ended' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('query.status');
    });
  });

  describe('GET /api/flash-sales/:id', () => {
    it('shows an approved sale to guests, without the approval', async () => {
      const sale = await saleAt(10 * MINUTE, 40 * MINUTE);
      const res = await t.request().get(`/api/flash-sales/${sale.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: sale.id,
        status: 'upcoming',
        skuId: sale.skuId,
        specs: sale.specs,
        privatePriceFen: 1500,
        serverNow: expect.any(String),
      });
      expect(res.body).not.toHaveProperty('approval');
    });

    it('answers 404 FLASH_SALE_NOT_FOUND for a pending sale until it is approved', async () => {
      const operator = await createStaff(t, 'operator');
      const { skuId } = await createFlashSku(t, owner.auth, { costPriceFen: 1300 });
      const sale = await createFlashSale(t, operator.auth, buildFlashSale(t, skuId, { startsAt: at(-MINUTE) }));
      const pending = await t.request().get(`/api/flash-sales/${sale.id}`);
      expect(pending.status).toBe(404);
      expect(pending.body.error.code).toBe('FLASH_SALE_NOT_FOUND');
      await t.request().post(`/api/admin/approvals/flash_sale/${sale.id}/approve`).set(owner.auth).expect(200);
      expect((await t.request().get(`/api/flash-sales/${sale.id}`)).body.status).toBe('ongoing');
      expect(await listIds()).toContain(sale.id);
    });

    it('shows a stopped sale as stopped and answers 404 for an unknown id', async () => {
      const sale = await saleAt(-MINUTE, 30 * MINUTE);
      await t.request().post(`/api/admin/flash-sales/${sale.id}/stop`).set(owner.auth).expect(200);
      expect((await t.request().get(`/api/flash-sales/${sale.id}`)).body.status).toBe('stopped');
      expect((await t.request().get('/api/flash-sales/99999999')).status).toBe(404);
    });
  });
});
