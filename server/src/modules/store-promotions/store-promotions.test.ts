import { eq } from 'drizzle-orm';
import type { StaffRole, StorePromotionView } from '@siyu/shared';
import { skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, buildSku, createOnSaleProduct, firstSku } from '../catalog/test-factories';

const MINUTE = 60 * 1000;
const LADDER = {
  kind: 'threshold_off',
  tiers: [
    { thresholdFen: 9900, offFen: 1000 },
    { thresholdFen: 19900, offFen: 5000 },
  ],
};

describe.each(testDrivers())('admin store promotions (%s)', (driver) => {
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

  const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();
  const build = (overrides: Record<string, unknown> = {}) => ({
    name: '双十一满减',
    rule: LADDER,
    startsAt: at(10 * MINUTE),
    endsAt: at(70 * MINUTE),
    ...overrides,
  });
  async function create(auth: { Authorization: string }, overrides: Record<string, unknown> = {}): Promise<StorePromotionView> {
    const res = await t.request().post('/api/admin/store-promotions').set(auth).send(build(overrides));
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as StorePromotionView;
  }
  const fetchPromotion = async (id: number) => (await t.request().get(`/api/admin/store-promotions/${id}`).set(owner.auth)).body as StorePromotionView;

  describe('POST /api/admin/store-promotions', () => {
    it('creates a 满减 ladder on the whole store, scheduled, with its label, creator and an audit row', async () => {
      const operator = await createStaff(t, 'operator');
      const body = build();
      const res = await t.request().post('/api/admin/store-promotions').set(operator.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '双十一满减',
        rule: LADDER,
        scope: { kind: 'all' },
        ruleText: '满99减10/满199减50',
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        status: 'active',
        phase: 'scheduled',
        approval: { status: 'not_required', reason: null, createdBy: operator.id, approvedBy: null, approvedAt: null },
      });
      expect(await fetchPromotion(res.body.id)).toEqual(res.body);
      const audit = await auditRows(t, 'store_promotion.create', res.body.id);
      expect(audit).toEqual([
        expect.objectContaining({ staffId: operator.id, targetType: 'store_promotion', after: expect.objectContaining({ rule: LADDER, status: 'active' }) }),
      ]);
    });

    it.each([
      ['body.name', { name: '' }],
      [
        'body.rule.tiers.1.thresholdFen',
        {
          rule: {
            kind: 'threshold_off',
            tiers: [
              { thresholdFen: 9900, offFen: 1000 },
              { thresholdFen: 9900, offFen: 5000 },
            ],
          },
        },
      ],
      ['body.rule.tiers.0.offFen', { rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 9900, offFen: 9900 }] } }],
      ['body.rule.kind', { rule: { kind: 'new_customer', offFen: 1000, thresholdFen: 0 } }],
      ['body.endsAt', { endsAt: new Date(Date.now() - 24 * 60 * MINUTE).toISOString() }],
      ['body.scope.productIds', { scope: { kind: 'products', productIds: [] } }],
      ['body.extra', { extra: true }],
    ])('rejects an invalid body with VALIDATION_FAILED on %s', async (field, overrides) => {
      const res = await t.request().post('/api/admin/store-promotions').set(owner.auth).send(build(overrides));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects a promotion that has already ended and a scope naming unknown products', async () => {
      const ended = await t
        .request()
        .post('/api/admin/store-promotions')
        .set(owner.auth)
        .send(build({ startsAt: at(-60 * MINUTE), endsAt: at(-MINUTE) }));
      expect(ended.status).toBe(400);
      expect(ended.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.endsAt' })]);
      const unknown = await t
        .request()
        .post('/api/admin/store-promotions')
        .set(owner.auth)
        .send(build({ scope: { kind: 'products', productIds: [99_999_999] } }));
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details.issues).toEqual([expect.objectContaining({ field: 'body.scope.productIds' })]);
    });

    it('sends a deep 满减 (over 50 % off) to approval, and an owner other than the creator approves it', async () => {
      const operator = await createStaff(t, 'operator');
      const deep = await create(operator.auth, { rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 10_000, offFen: 6000 }] } });
      expect(deep).toMatchObject({ phase: 'pending_approval', approval: { status: 'pending', createdBy: operator.id, reason: { depthBp: 6000 } } });
      await t.request().post(`/api/admin/approvals/store_promotion/${deep.id}/approve`).set(owner.auth).expect(200);
      expect(await fetchPromotion(deep.id)).toMatchObject({ phase: 'scheduled', approval: { status: 'approved', approvedBy: owner.id } });
    });

    it('sends a discount that pushes a SKU in scope below cost to approval, naming the SKU', async () => {
      const product = await createOnSaleProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 2000, privatePriceFen: 1500, costPriceFen: 1300 })] });
      const skuId = firstSku(product).id;
      const promotion = await create(owner.auth, { rule: { kind: 'percent_off', offBp: 2000 }, scope: { kind: 'products', productIds: [product.id] } });
      expect(promotion.approval).toMatchObject({
        status: 'pending',
        reason: { depthBp: 2000, belowCost: [{ skuId, priceAfterFen: 1200, costPriceFen: 1300 }] },
      });
      const mild = await create(owner.auth, { rule: { kind: 'percent_off', offBp: 1000 }, scope: { kind: 'products', productIds: [product.id] } });
      expect(mild.approval.status).toBe('not_required');
      // Store-wide promotions are assessed against every live SKU: take this thin-margin one out of the store.
      await t.deps.db.update(skus).set({ deletedAt: t.clock.now() }).where(eq(skus.id, skuId));
    });
  });

  it('derives the phase from the clock: scheduled → running → ended; rejected stays pending_approval', async () => {
    const promotion = await create(owner.auth);
    expect(promotion.phase).toBe('scheduled');
    t.clock.advance(11 * MINUTE);
    expect((await fetchPromotion(promotion.id)).phase).toBe('running');
    t.clock.advance(60 * MINUTE);
    expect((await fetchPromotion(promotion.id)).phase).toBe('ended');
    const operator = await createStaff(t, 'operator');
    const deep = await create(operator.auth, { rule: { kind: 'percent_off', offBp: 7000 } });
    await t.request().post(`/api/admin/approvals/store_promotion/${deep.id}/reject`).set(owner.auth).expect(200);
    t.clock.advance(11 * MINUTE);
    expect(await fetchPromotion(deep.id)).toMatchObject({ phase: 'pending_approval', approval: { status: 'rejected' } });
  });

  describe('POST /api/admin/store-promotions/:id/stop', () => {
    it('stops a running promotion at once, audited; a second stop is 409', async () => {
      const promotion = await create(owner.auth);
      t.clock.advance(11 * MINUTE);
      const res = await t.request().post(`/api/admin/store-promotions/${promotion.id}/stop`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'stopped', phase: 'stopped' });
      const [audit] = await auditRows(t, 'store_promotion.stop', promotion.id);
      expect(audit).toMatchObject({ staffId: owner.id, before: { status: 'active' }, after: { status: 'stopped' } });
      const again = await t.request().post(`/api/admin/store-promotions/${promotion.id}/stop`).set(owner.auth);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT', details: { phase: 'stopped' } });
    });

    it('refuses to stop an ended promotion and answers 404 for an unknown one', async () => {
      const promotion = await create(owner.auth);
      t.clock.advance(71 * MINUTE);
      const ended = await t.request().post(`/api/admin/store-promotions/${promotion.id}/stop`).set(owner.auth);
      expect(ended.body.error).toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT', details: { phase: 'ended' } });
      const unknown = await t.request().post('/api/admin/store-promotions/99999999/stop').set(owner.auth);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('STORE_PROMOTION_NOT_FOUND');
    });
  });

  it('lists newest first', async () => {
    const older = await create(owner.auth, { name: '较早' });
    const newer = await create(owner.auth, { name: '较新' });
    const res = await t.request().get('/api/admin/store-promotions').set(owner.auth);
    expect(res.status).toBe(200);
    const ids = (res.body.items as StorePromotionView[]).map((item) => item.id);
    expect(ids[0]).toBe(newer.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
  });

  const matrix: [StaffRole, number, number][] = [
    ['owner', 200, 201],
    ['operator', 200, 201],
    ['service', 200, 403],
    ['analyst', 200, 403],
  ];
  it.each(matrix)('role %s: read %i, write %i', async (role, read, write) => {
    const staff = await createStaff(t, role);
    const promotion = await create(owner.auth);
    expect((await t.request().get('/api/admin/store-promotions').set(staff.auth)).status).toBe(read);
    expect((await t.request().get(`/api/admin/store-promotions/${promotion.id}`).set(staff.auth)).status).toBe(read);
    expect((await t.request().post('/api/admin/store-promotions').set(staff.auth).send(build())).status).toBe(write);
    expect((await t.request().post(`/api/admin/store-promotions/${promotion.id}/stop`).set(staff.auth)).status).toBe(write === 201 ? 200 : 403);
  });

  it('is closed to members', async () => {
    const member = await loginMember(t);
    expect((await t.request().get('/api/admin/store-promotions').set(member.auth)).status).toBe(401);
  });
});
