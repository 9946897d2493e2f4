import { desc, eq } from 'drizzle-orm';
import type { StaffRole, Tier, TierReevaluationView, TiersAdminView } from '@siyu/shared';
import { auditLog, tierReevaluations, tiers as tiersTable } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { processTierReevaluation } from './reevaluation';
import { testContext, tierOfMember } from './test-factories';

describe.each(testDrivers())('会员等级 admin on %s', (driver) => {
  let t: TestApp;
  const staffByRole = {} as Record<StaffRole, TestStaff>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    for (const role of ['owner', 'operator', 'service', 'analyst'] as const) staffByRole[role] = await createStaff(t, role);
  });
  afterAll(() => t.close());

  const owner = () => staffByRole.owner.auth;
  async function currentTiers(): Promise<Tier[]> {
    const res = await t.request().get('/api/admin/tiers').set(owner());
    expect(res.status).toBe(200);
    return (res.body as TiersAdminView).tiers;
  }
  const withTier = (all: Tier[], code: string, patch: Partial<Tier>) => all.map((tier) => (tier.code === code ? { ...tier, ...patch } : tier));
  const putTiers = (auth: { Authorization: string }, tiers: unknown) => t.request().put('/api/admin/tiers').set(auth).send({ tiers });
  const auditCount = (action: string) => t.deps.db.$count(auditLog, eq(auditLog.action, action));

  async function memberWithGrowth(growth: number): Promise<number> {
    const member = await createMemberDirect(t);
    const res = await t.request().post(`/api/admin/members/${member.id}/growth-adjustments`).set(owner()).send({ delta: growth, reason: '补录线下消费' });
    expect(res.status).toBe(201);
    return member.id;
  }

  async function waitUntilOver(id: number): Promise<TierReevaluationView> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const res = await t.request().get(`/api/admin/tiers/reevaluations/${id}`).set(owner());
      expect(res.status).toBe(200);
      const view = res.body as TierReevaluationView;
      if (view.status === 'done' || view.status === 'failed') return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`re-evaluation ${id} did not finish`);
  }

  describe('GET /api/admin/tiers', () => {
    it('answers the five tiers, the settings with their defaults and no re-evaluation yet', async () => {
      const res = await t.request().get('/api/admin/tiers').set(staffByRole.analyst.auth);
      expect(res.status).toBe(200);
      const view = res.body as TiersAdminView;
      expect(view.tiers.map((tier) => tier.code)).toEqual(['bronze', 'silver', 'gold', 'platinum', 'diamond']);
      expect(view.tiers[2]).toMatchObject({ name: '黄金', growthThreshold: 2000, pointsMultiplierBp: 15000 });
      expect(view.settings).toMatchObject({
        growthPerYuan: 1,
        growthCreditDelayDays: null,
        retentionRule: 'rolling_12_months',
        downgradeGraceDays: 30,
        downgradeWarningDays: 7,
      });
      expect(view.reevaluation).toBeNull();
    });
  });

  describe('PUT /api/admin/tiers', () => {
    it.each<[string, (tiers: Tier[]) => unknown, string]>([
      ['thresholds that do not increase', (tiers) => withTier(tiers, 'gold', { growthThreshold: 500 }), 'body.tiers.2.growthThreshold'],
      ['bronze above 0', (tiers) => withTier(tiers, 'bronze', { growthThreshold: 1 }), 'body.tiers.0.growthThreshold'],
      ['a discount over 50 %', (tiers) => withTier(tiers, 'silver', { discountBp: 5001 }), 'body.tiers.1.discountBp'],
      ['a multiplier below ×1', (tiers) => withTier(tiers, 'silver', { pointsMultiplierBp: 9999 }), 'body.tiers.1.pointsMultiplierBp'],
      ['a multiplier above ×5', (tiers) => withTier(tiers, 'diamond', { pointsMultiplierBp: 50001 }), 'body.tiers.4.pointsMultiplierBp'],
      ['an empty name', (tiers) => withTier(tiers, 'gold', { name: ' ' }), 'body.tiers.2.name'],
      ['tiers out of order', (tiers) => [tiers[1], tiers[0], ...tiers.slice(2)], 'body.tiers.0.code'],
      ['four tiers', (tiers) => tiers.slice(0, 4), 'body.tiers'],
    ])('rejects %s with VALIDATION_FAILED, writing nothing', async (_name, edit, field) => {
      const before = await currentTiers();
      const audits = await auditCount('tiers.update');
      const res = await putTiers(owner(), edit(before));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
      expect(await currentTiers()).toEqual(before);
      expect(await auditCount('tiers.update')).toBe(audits);
    });

    it('rejects an unknown coupon template with TIERS_INVALID naming the field', async () => {
      const before = await currentTiers();
      const res = await putTiers(owner(), withTier(before, 'gold', { birthdayCouponTemplateId: 987654, monthlyCouponTemplateIds: [987655] }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('TIERS_INVALID');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toEqual([
        'body.tiers.2.birthdayCouponTemplateId',
        'body.tiers.2.monthlyCouponTemplateIds.0',
      ]);
      expect(await currentTiers()).toEqual(before);
    });

    it('audits a rename with before and after, without re-evaluating anyone', async () => {
      const before = await currentTiers();
      const res = await putTiers(owner(), withTier(before, 'silver', { name: '白银会员', birthdayPoints: 120 }));
      expect(res.status).toBe(200);
      expect((res.body as TiersAdminView).tiers[1]).toMatchObject({ name: '白银会员', birthdayPoints: 120 });
      expect((res.body as TiersAdminView).reevaluation).toBeNull();
      const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'tiers.update')).orderBy(desc(auditLog.id)).limit(1);
      expect(audit).toMatchObject({ staffId: staffByRole.owner.id, targetType: 'tiers' });
      expect((audit?.before as { tiers: Tier[] }).tiers[1]?.name).toBe('白银');
      expect((audit?.after as { changes: unknown[] }).changes).toEqual([
        { code: 'silver', field: 'name', from: '白银', to: '白银会员' },
        { code: 'silver', field: 'birthdayPoints', from: 100, to: 120 },
      ]);
      expect(await t.deps.db.$count(tierReevaluations)).toBe(0);
    });

    it('re-evaluates every member in the background after a threshold change, with progress', async () => {
      const low = await memberWithGrowth(300);
      const mid = await memberWithGrowth(600);
      expect([await tierOfMember(t, low), await tierOfMember(t, mid)]).toEqual(['bronze', 'silver']);
      const before = await currentTiers();
      const res = await putTiers(owner(), withTier(withTier(before, 'silver', { growthThreshold: 200 }), 'gold', { growthThreshold: 550 }));
      expect(res.status).toBe(200);
      const queued = (res.body as TiersAdminView).reevaluation;
      expect(queued).toMatchObject({ status: 'queued', processed: 0 });
      const done = await waitUntilOver(queued?.id ?? 0);
      expect(done).toMatchObject({ status: 'done', error: null });
      expect(done.processed).toBe(done.total);
      expect(done.changed).toBeGreaterThanOrEqual(2);
      expect([await tierOfMember(t, low), await tierOfMember(t, mid)]).toEqual(['silver', 'gold']);
      const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'tiers.update')).orderBy(desc(auditLog.id)).limit(1);
      expect((audit[0]?.after as { changes: { field: string }[] }).changes.map((change) => change.field)).toEqual(['growthThreshold', 'growthThreshold']);
      // Put the defaults back for the tests below.
      const restore = await putTiers(owner(), before);
      expect(restore.status).toBe(200);
      await waitUntilOver((restore.body as TiersAdminView).reevaluation?.id ?? 0);
    });

    it('answers 409 TIER_REEVALUATION_RUNNING while one runs, and a restart continues from last_member_id', async () => {
      const first = await memberWithGrowth(700);
      const second = await memberWithGrowth(700);
      await t.deps.db.update(tiersTable).set({ growthThreshold: 650 }).where(eq(tiersTable.code, 'gold')); // as if saved just before a crash
      // A run that stopped after `first` (its batch committed, the process died).
      const [row] = await t.deps.db.insert(tierReevaluations).values({ status: 'running', total: 2, processed: 1, lastMemberId: first }).returning();
      const before = await currentTiers();
      const refused = await putTiers(owner(), withTier(before, 'silver', { name: '白银' }));
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('TIER_REEVALUATION_RUNNING');

      const view = await processTierReevaluation(testContext(t), row?.id ?? 0, 1);
      expect(view).toMatchObject({ status: 'done', processed: 2 });
      // Members up to last_member_id were done before the "crash"; the rest now.
      expect([await tierOfMember(t, first), await tierOfMember(t, second)]).toEqual(['silver', 'gold']);
      expect((await putTiers(owner(), withTier(before, 'gold', { growthThreshold: 2000 }))).status).toBe(200);
      await waitUntilOver((await t.deps.db.select().from(tierReevaluations).orderBy(desc(tierReevaluations.id)).limit(1))[0]?.id ?? 0);
    });

    it('answers 404 for an unknown re-evaluation', async () => {
      const res = await t.request().get('/api/admin/tiers/reevaluations/999999').set(owner());
      expect(res.status).toBe(404);
    });
  });

  describe('/api/admin/membership-settings', () => {
    it.each<[string, object, string]>([
      ['a grace period over a year', { downgradeGraceDays: 400 }, 'body.downgradeGraceDays'],
      ['an unknown retention rule', { retentionRule: 'weekly' }, 'body.retentionRule'],
      ['negative growth per yuan', { growthPerYuan: -1 }, 'body.growthPerYuan'],
      ['an unknown field', { growthPerFen: 1 }, 'body.growthPerFen'],
    ])('rejects %s with VALIDATION_FAILED', async (_name, body, field) => {
      const res = await t.request().put('/api/admin/membership-settings').set(owner()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('saves the settings (defaults for the rest) and audits before and after', async () => {
      const audits = await auditCount('membership_settings.update');
      const res = await t
        .request()
        .put('/api/admin/membership-settings')
        .set(staffByRole.operator.auth)
        .send({ retentionRule: 'calendar_year', downgradeGraceDays: 14 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ retentionRule: 'calendar_year', downgradeGraceDays: 14, downgradeWarningDays: 7, growthPerYuan: 1 });
      const read = await t.request().get('/api/admin/membership-settings').set(staffByRole.analyst.auth);
      expect(read.body).toEqual(res.body);
      expect(await auditCount('membership_settings.update')).toBe(audits + 1);
      const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'membership_settings.update')).orderBy(desc(auditLog.id)).limit(1);
      expect(audit).toMatchObject({
        staffId: staffByRole.operator.id,
        before: { retentionRule: 'rolling_12_months' },
        after: { retentionRule: 'calendar_year' },
      });
      expect((await t.request().put('/api/admin/membership-settings').set(owner()).send({})).status).toBe(200);
    });
  });

  describe('role matrix', () => {
    type Case = [string, 'get' | 'put' | 'post', string | (() => Promise<string>), unknown, Record<StaffRole, number>];
    const read = { owner: 200, operator: 200, service: 200, analyst: 200 };
    const cases: Case[] = [
      ['read tiers', 'get', '/api/admin/tiers', undefined, read],
      ['write tiers', 'put', '/api/admin/tiers', 'current tiers', { owner: 200, operator: 200, service: 403, analyst: 403 }],
      ['read settings', 'get', '/api/admin/membership-settings', undefined, read],
      ['write settings', 'put', '/api/admin/membership-settings', {}, { owner: 200, operator: 200, service: 403, analyst: 403 }],
      ['read a member growth', 'get', async () => `/api/admin/members/${(await createMemberDirect(t)).id}/growth`, undefined, read],
      [
        'adjust growth',
        'post',
        async () => `/api/admin/members/${(await createMemberDirect(t)).id}/growth-adjustments`,
        { delta: 5, reason: '补偿' },
        { owner: 201, operator: 403, service: 201, analyst: 403 },
      ],
    ];
    it.each(cases)('%s', async (_name, method, path, body, expected) => {
      for (const role of ['owner', 'operator', 'service', 'analyst'] as const) {
        const url = typeof path === 'string' ? path : await path();
        const payload = body === 'current tiers' ? { tiers: await currentTiers() } : body;
        const req = t.request()[method](url).set(staffByRole[role].auth);
        const res = payload === undefined ? await req : await req.send(payload as object);
        expect([role, res.status]).toEqual([role, expected[role]]);
        if (res.status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
      }
      const url = typeof path === 'string' ? path : await path();
      expect((await t.request()[method](url)).status).toBe(401);
    });

    it('a member token is not a staff token', async () => {
      const member = await createMemberDirect(t);
      expect((await t.request().get('/api/admin/tiers').set(member.auth)).status).toBe(401);
    });
  });
});
