import { eq } from 'drizzle-orm';
import type { FlashSaleView, StaffRole } from '@siyu/shared';
import { flashSales, skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { buildFlashSale, createFlashSale, createFlashSku } from './test-factories';

const MINUTE = 60 * 1000;

describe.each(testDrivers())('admin flash sales (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());
  // A fresh owner per test: tests move the clock, and a staff token lives 8 hours.
  beforeEach(async () => {
    owner = await createStaff(t, 'owner');
  });

  const fetchSale = async (id: number) => (await t.request().get(`/api/admin/flash-sales/${id}`).set(owner.auth)).body as FlashSaleView;
  const setSold = (id: number, soldUnits: number) => t.deps.db.update(flashSales).set({ soldUnits }).where(eq(flashSales.id, id));

  describe('POST /api/admin/flash-sales', () => {
    it('creates an upcoming sale with the SKU facts, the creator and an audit row', async () => {
      const operator = await createStaff(t, 'operator');
      const { skuId, productId } = await createFlashSku(t, owner.auth);
      const body = buildFlashSale(t, skuId, { totalUnits: 20, perMemberLimit: 2 });
      const res = await t.request().post('/api/admin/flash-sales').set(operator.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: body.title,
        skuId,
        productId,
        flashPriceFen: 1200,
        privatePriceFen: 1500,
        totalUnits: 20,
        soldUnits: 0,
        remainingUnits: 20,
        perMemberLimit: 2,
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        status: 'upcoming',
        approval: { status: 'not_required', reason: null, createdBy: operator.id, approvedBy: null },
      });
      expect(Object.keys(res.body.specs)).toEqual(['规格']);
      expect(res.body.serverNow).toEqual(expect.any(String));
      expect(await fetchSale(res.body.id)).toMatchObject({ id: res.body.id, status: 'upcoming', approval: { createdBy: operator.id } });
      const audit = await auditRows(t, 'flash_sale.create', res.body.id);
      expect(audit).toEqual([
        expect.objectContaining({ staffId: operator.id, targetType: 'flash_sale', after: expect.objectContaining({ flashPriceFen: 1200, totalUnits: 20 }) }),
      ]);
    });

    it.each([
      ['body.title', { title: '' }],
      ['body.totalUnits', { totalUnits: 0 }],
      ['body.flashPriceFen', { flashPriceFen: -1 }],
      ['body.perMemberLimit', { perMemberLimit: 100 }],
      ['body.startsAt', { startsAt: 'tomorrow' }],
      ['body.endsAt', { endsAt: new Date(Date.now() - 365 * 24 * 60 * MINUTE).toISOString() }],
      ['body.extra', { extra: 1 }],
    ])('rejects an invalid body with VALIDATION_FAILED on %s', async (field, overrides) => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const res = await t
        .request()
        .post('/api/admin/flash-sales')
        .set(owner.auth)
        .send({ ...buildFlashSale(t, skuId), ...overrides });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects a sale that has already ended with VALIDATION_FAILED on body.endsAt', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const now = t.clock.now().getTime();
      const res = await t
        .request()
        .post('/api/admin/flash-sales')
        .set(owner.auth)
        .send(buildFlashSale(t, skuId, { startsAt: new Date(now - 60 * MINUTE).toISOString(), endsAt: new Date(now - MINUTE).toISOString() }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.endsAt' })]);
    });

    it('answers 404 SKU_NOT_FOUND for an unknown SKU and 409 FLASH_SALE_SKU_UNAVAILABLE for a deleted one', async () => {
      const unknown = await t.request().post('/api/admin/flash-sales').set(owner.auth).send(buildFlashSale(t, 99_999_999));
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('SKU_NOT_FOUND');
      const { skuId } = await createFlashSku(t, owner.auth);
      await t.deps.db.update(skus).set({ deletedAt: t.clock.now() }).where(eq(skus.id, skuId));
      const deleted = await t.request().post('/api/admin/flash-sales').set(owner.auth).send(buildFlashSale(t, skuId));
      expect(deleted.status).toBe(409);
      expect(deleted.body.error.code).toBe('FLASH_SALE_SKU_UNAVAILABLE');
      expect(await t.deps.db.select().from(flashSales).where(eq(flashSales.skuId, skuId))).toEqual([]);
    });

    it.each([1500, 1600])('rejects a flash price of %i fen (not below the private ¥15) on body.flashPriceFen', async (flashPriceFen) => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const res = await t
        .request()
        .post('/api/admin/flash-sales')
        .set(owner.auth)
        .send(buildFlashSale(t, skuId, { flashPriceFen }));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [expect.objectContaining({ field: 'body.flashPriceFen' })] } });
    });

    it('refuses an overlapping sale on the same SKU with FLASH_SALE_OVERLAP, allows back-to-back and after a stop', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const first = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      const later = new Date(Date.parse(first.startsAt) + 20 * MINUTE).toISOString();
      const overlap = await t
        .request()
        .post('/api/admin/flash-sales')
        .set(owner.auth)
        .send(buildFlashSale(t, skuId, { startsAt: later, endsAt: new Date(Date.parse(later) + 60 * MINUTE).toISOString() }));
      expect(overlap.status).toBe(409);
      expect(overlap.body.error).toMatchObject({ code: 'FLASH_SALE_OVERLAP', details: { flashSaleId: first.id } });
      const backToBack = buildFlashSale(t, skuId, { startsAt: first.endsAt, endsAt: new Date(Date.parse(first.endsAt) + 30 * MINUTE).toISOString() });
      expect((await t.request().post('/api/admin/flash-sales').set(owner.auth).send(backToBack)).status).toBe(201);
      const other = await createFlashSku(t, owner.auth);
      expect((await t.request().post('/api/admin/flash-sales').set(owner.auth).send(buildFlashSale(t, other.skuId))).status).toBe(201);
      await t.request().post(`/api/admin/flash-sales/${first.id}/stop`).set(owner.auth).expect(200);
      expect(
        (
          await t
            .request()
            .post('/api/admin/flash-sales')
            .set(owner.auth)
            .send(buildFlashSale(t, skuId, { endsAt: first.endsAt }))
        ).status,
      ).toBe(201);
    });

    it('sends a flash price below cost to approval with the reason, and an owner other than the creator approves it', async () => {
      const operator = await createStaff(t, 'operator');
      const { skuId } = await createFlashSku(t, owner.auth, { costPriceFen: 1300 });
      const sale = await createFlashSale(t, operator.auth, buildFlashSale(t, skuId, { flashPriceFen: 1200 }));
      expect(sale.status).toBe('pending_approval');
      expect(sale.approval).toMatchObject({
        status: 'pending',
        createdBy: operator.id,
        reason: { belowCost: [{ skuId, priceAfterFen: 1200, costPriceFen: 1300 }] },
      });
      await t.request().post(`/api/admin/approvals/flash_sale/${sale.id}/approve`).set(owner.auth).expect(200);
      expect(await fetchSale(sale.id)).toMatchObject({ status: 'upcoming', approval: { status: 'approved', approvedBy: owner.id } });
    });

    it('sends a flash price more than 50 % off to approval even above cost', async () => {
      const { skuId } = await createFlashSku(t, owner.auth, { publicPriceFen: 10_000, privatePriceFen: 10_000, costPriceFen: 100 });
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, { flashPriceFen: 4000 }));
      expect(sale.approval).toMatchObject({ status: 'pending', reason: { belowCost: [] } });
      expect(sale.approval?.reason?.depthBp).toBeGreaterThan(5000);
    });
  });

  describe('GET /api/admin/flash-sales', () => {
    it('lists newest first with approval and live sold / remaining units', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const older = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      const newer = await createFlashSale(
        t,
        owner.auth,
        buildFlashSale(t, skuId, { startsAt: older.endsAt, endsAt: new Date(Date.parse(older.endsAt) + MINUTE).toISOString() }),
      );
      await setSold(older.id, 4);
      const res = await t.request().get('/api/admin/flash-sales').set(owner.auth);
      expect(res.status).toBe(200);
      const ids = res.body.items.map((item: FlashSaleView) => item.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect(ids[0]).toBe(newer.id);
      expect(res.body.items.find((item: FlashSaleView) => item.id === older.id)).toMatchObject({
        soldUnits: 4,
        remainingUnits: 6,
        approval: { status: 'not_required' },
      });
    });

    it('answers 404 FLASH_SALE_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().get('/api/admin/flash-sales/99999999').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('FLASH_SALE_NOT_FOUND');
    });
  });

  it('derives the status from the clock: upcoming → ongoing → sold_out → ended', async () => {
    const { skuId } = await createFlashSku(t, owner.auth);
    const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, { totalUnits: 5 }));
    expect(sale.status).toBe('upcoming');
    t.clock.advance(11 * MINUTE);
    expect(await fetchSale(sale.id)).toMatchObject({ status: 'ongoing', remainingUnits: 5 });
    await setSold(sale.id, 5);
    expect(await fetchSale(sale.id)).toMatchObject({ status: 'sold_out', soldUnits: 5, remainingUnits: 0 });
    await setSold(sale.id, 2);
    t.clock.advance(30 * MINUTE);
    expect(await fetchSale(sale.id)).toMatchObject({ status: 'ended', remainingUnits: 3 });
  });

  describe('PATCH /api/admin/flash-sales/:id', () => {
    it('changes anything before the start, audited with before and after', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      const startsAt = new Date(Date.parse(sale.startsAt) + 5 * MINUTE).toISOString();
      const res = await t
        .request()
        .patch(`/api/admin/flash-sales/${sale.id}`)
        .set(owner.auth)
        .send({ title: '午间秒杀', flashPriceFen: 1100, perMemberLimit: 3, startsAt, totalUnits: 7 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: '午间秒杀',
        flashPriceFen: 1100,
        perMemberLimit: 3,
        startsAt,
        totalUnits: 7,
        status: 'upcoming',
        approval: { status: 'not_required' },
      });
      const [audit] = await auditRows(t, 'flash_sale.update', sale.id);
      expect(audit).toMatchObject({ before: { flashPriceFen: 1200, totalUnits: 10 }, after: { flashPriceFen: 1100, totalUnits: 7, title: '午间秒杀' } });
    });

    it('re-assesses a new price: below cost goes back to pending approval', async () => {
      const { skuId } = await createFlashSku(t, owner.auth, { costPriceFen: 1000 });
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      const res = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ flashPriceFen: 900 });
      expect(res.body).toMatchObject({
        flashPriceFen: 900,
        status: 'pending_approval',
        approval: { status: 'pending', reason: { belowCost: [{ skuId, priceAfterFen: 900, costPriceFen: 1000 }] } },
      });
      const tooHigh = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ flashPriceFen: 1500 });
      expect(tooHigh.status).toBe(400);
      expect(tooHigh.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.flashPriceFen' })]);
    });

    it('rejects a window that starts after it ends, or overlaps another sale', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      const inverted = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ endsAt: sale.startsAt });
      expect(inverted.status).toBe(400);
      expect(inverted.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.endsAt' })]);
      const next = await createFlashSale(
        t,
        owner.auth,
        buildFlashSale(t, skuId, { startsAt: sale.endsAt, endsAt: new Date(Date.parse(sale.endsAt) + 30 * MINUTE).toISOString() }),
      );
      const overlap = await t
        .request()
        .patch(`/api/admin/flash-sales/${sale.id}`)
        .set(owner.auth)
        .send({ endsAt: new Date(Date.parse(sale.endsAt) + MINUTE).toISOString() });
      expect(overlap.status).toBe(409);
      expect(overlap.body.error).toMatchObject({ code: 'FLASH_SALE_OVERLAP', details: { flashSaleId: next.id } });
    });

    it('once started allows only endsAt and totalUnits (unchanged fields may be sent back)', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      t.clock.advance(11 * MINUTE);
      const price = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ flashPriceFen: 1000, title: sale.title });
      expect(price.status).toBe(409);
      expect(price.body.error).toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT', details: { status: 'ongoing', fields: ['flashPriceFen'] } });
      const endsAt = new Date(Date.parse(sale.endsAt) + 30 * MINUTE).toISOString();
      const res = await t
        .request()
        .patch(`/api/admin/flash-sales/${sale.id}`)
        .set(owner.auth)
        .send({ title: sale.title, startsAt: sale.startsAt, endsAt, totalUnits: 15 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ endsAt, totalUnits: 15, remainingUnits: 15, flashPriceFen: 1200, status: 'ongoing' });
    });

    it('keeps a sale awaiting approval fully editable after its start time: a price above cost takes it live', async () => {
      const { skuId } = await createFlashSku(t, owner.auth, { costPriceFen: 1300 });
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, { flashPriceFen: 1200 }));
      t.clock.advance(11 * MINUTE);
      expect((await fetchSale(sale.id)).status).toBe('pending_approval');
      const res = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ flashPriceFen: 1350 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ flashPriceFen: 1350, status: 'ongoing', approval: { status: 'not_required', reason: null } });
    });

    it('does not let a rejected sale brought back by a new price overlap the sale that took its slot', async () => {
      const operator = await createStaff(t, 'operator');
      const { skuId } = await createFlashSku(t, owner.auth, { costPriceFen: 1300 });
      const rejected = await createFlashSale(t, operator.auth, buildFlashSale(t, skuId, { flashPriceFen: 1200 }));
      await t.request().post(`/api/admin/approvals/flash_sale/${rejected.id}/reject`).set(owner.auth).expect(200);
      const replacement = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, { flashPriceFen: 1400 }));
      const res = await t.request().patch(`/api/admin/flash-sales/${rejected.id}`).set(operator.auth).send({ flashPriceFen: 1400 });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'FLASH_SALE_OVERLAP', details: { flashSaleId: replacement.id } });
      expect((await fetchSale(rejected.id)).approval).toMatchObject({ status: 'rejected' });
    });

    it('never sets totalUnits below the units sold: 409 FLASH_SALE_UNITS_BELOW_SOLD and nothing changes', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      t.clock.advance(11 * MINUTE);
      await setSold(sale.id, 6);
      const endsAt = new Date(Date.parse(sale.endsAt) + 10 * MINUTE).toISOString();
      const res = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ totalUnits: 5, endsAt });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'FLASH_SALE_UNITS_BELOW_SOLD', details: { soldUnits: 6, totalUnits: 5 } });
      expect(await fetchSale(sale.id)).toMatchObject({ totalUnits: 10, soldUnits: 6, endsAt: sale.endsAt });
      expect(await auditRows(t, 'flash_sale.update', sale.id)).toEqual([]);
      const exact = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ totalUnits: 6 });
      expect(exact.body).toMatchObject({ totalUnits: 6, soldUnits: 6, remainingUnits: 0, status: 'sold_out' });
    });

    it('rejects an empty patch with VALIDATION_FAILED and an unknown sale with FLASH_SALE_NOT_FOUND', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      expect((await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({})).body.error.code).toBe('VALIDATION_FAILED');
      const unknown = await t.request().patch('/api/admin/flash-sales/99999999').set(owner.auth).send({ title: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('FLASH_SALE_NOT_FOUND');
    });
  });

  describe('POST /api/admin/flash-sales/:id/stop', () => {
    it('stops a running sale at once, audited; a second stop and later edits are 409', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      t.clock.advance(11 * MINUTE);
      const res = await t.request().post(`/api/admin/flash-sales/${sale.id}/stop`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('stopped');
      const [row] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, sale.id));
      expect(row?.stoppedAt?.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
      const [audit] = await auditRows(t, 'flash_sale.stop', sale.id);
      expect(audit).toMatchObject({ staffId: owner.id, before: { stoppedAt: null }, after: { stoppedAt: expect.any(String) } });
      const again = await t.request().post(`/api/admin/flash-sales/${sale.id}/stop`).set(owner.auth);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PROMOTION_STATUS_CONFLICT');
      const patch = await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(owner.auth).send({ totalUnits: 20 });
      expect(patch.status).toBe(409);
      expect(patch.body.error).toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT', details: { status: 'stopped' } });
    });

    it('refuses to stop or edit an ended sale', async () => {
      const { skuId } = await createFlashSku(t, owner.auth);
      const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
      t.clock.advance(41 * MINUTE);
      const stop = await t.request().post(`/api/admin/flash-sales/${sale.id}/stop`).set(owner.auth);
      expect(stop.body.error).toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT', details: { status: 'ended' } });
      const patch = await t
        .request()
        .patch(`/api/admin/flash-sales/${sale.id}`)
        .set(owner.auth)
        .send({ endsAt: new Date(t.clock.now().getTime() + MINUTE).toISOString() });
      expect(patch.status).toBe(409);
    });
  });

  const matrix: [StaffRole, number, number][] = [
    ['owner', 200, 201],
    ['operator', 200, 201],
    ['service', 200, 403],
    ['analyst', 200, 403],
  ];
  it.each(matrix)('role %s: read %i, write %i', async (role, read, write) => {
    const staff = await createStaff(t, role);
    const { skuId } = await createFlashSku(t, owner.auth);
    const sale = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId));
    expect((await t.request().get('/api/admin/flash-sales').set(staff.auth)).status).toBe(read);
    expect((await t.request().get(`/api/admin/flash-sales/${sale.id}`).set(staff.auth)).status).toBe(read);
    const other = await createFlashSku(t, owner.auth);
    expect((await t.request().post('/api/admin/flash-sales').set(staff.auth).send(buildFlashSale(t, other.skuId))).status).toBe(write);
    const patched = write === 201 ? 200 : 403;
    expect((await t.request().patch(`/api/admin/flash-sales/${sale.id}`).set(staff.auth).send({ title: '改名' })).status).toBe(patched);
    expect((await t.request().post(`/api/admin/flash-sales/${sale.id}/stop`).set(staff.auth)).status).toBe(patched);
  });

  it('is closed to members', async () => {
    const member = await loginMember(t);
    expect((await t.request().get('/api/admin/flash-sales').set(member.auth)).status).toBe(401);
  });
});
