import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import { couponMemberCounts, memberCoupons } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { claimCoupon } from './member-service';
import { claim, createStoreSku, createTemplate, templateRow } from './test-factories';

/**
 * Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. The 1,000-claim
 * races call the claim service directly: through HTTP the per-IP rate limit (60 a minute) would refuse
 * most of them before they reach the limits under test.
 */
describe.each(concurrencyDrivers())('coupon claims under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let members: TestMember[];
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
    await createStoreSku(t, owner.auth);
    members = [];
    for (let i = 0; i < 200; i += 1) members.push(await createMemberDirect(t));
  });
  afterAll(() => t.close());

  const contextFor = (memberId: number): ServiceContext => ({ db: t.deps.db, requestId: crypto.randomUUID(), now: t.clock.now(), ip: '127.0.0.1', memberId });

  /** 200 members each firing 5 claims at once: 1,000 parallel claims; the refusal codes they got. */
  async function race(templateId: number): Promise<{ granted: number; refusals: Map<string, number> }> {
    const attempts = members.flatMap((member) => Array.from({ length: 5 }, () => member.id));
    const outcomes = await Promise.allSettled(attempts.map((memberId) => claimCoupon(contextFor(memberId), memberId, templateId)));
    const refusals = new Map<string, number>();
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      const code = outcome.reason instanceof AppError ? outcome.reason.code : String(outcome.reason);
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    }
    return { granted: outcomes.filter((outcome) => outcome.status === 'fulfilled').length, refusals };
  }

  async function couponsPerMember(templateId: number): Promise<number[]> {
    const rows = await t.deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(memberCoupons)
      .where(eq(memberCoupons.templateId, templateId))
      .groupBy(memberCoupons.memberId);
    return rows.map((row) => row.count);
  }

  it('grants exactly 100 of 1,000 parallel claims of a template with totalCount 100', async () => {
    const view = await createTemplate(t, owner.auth, { totalCount: 100 });
    const { granted, refusals } = await race(view.id);
    expect(granted).toBe(100);
    expect([...refusals.keys()].sort()).toEqual(expect.arrayContaining(['COUPON_SOLD_OUT']));
    expect([...refusals.keys()].every((code) => code === 'COUPON_SOLD_OUT' || code === 'COUPON_CLAIM_CAP_REACHED')).toBe(true);
    expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 100, committedFen: 100_000 });
    const perMember = await couponsPerMember(view.id);
    expect(perMember).toHaveLength(100);
    expect(perMember.every((count) => count === 1)).toBe(true);
  }, 120_000);

  it('grants exactly 100 of 1,000 parallel claims when the budget covers 100 coupons', async () => {
    const view = await createTemplate(t, owner.auth, { budgetFen: 100 * 1000 });
    const { granted, refusals } = await race(view.id);
    expect(granted).toBe(100);
    expect(refusals.get('COUPON_BUDGET_EXHAUSTED')).toBeGreaterThan(0);
    expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 100, committedFen: 100_000 });
    expect(await couponsPerMember(view.id)).toHaveLength(100);
  }, 120_000);

  it('lets one member firing 20 parallel claims through HTTP hold exactly the cap of 3', async () => {
    const view = await createTemplate(t, owner.auth, { perMemberCap: 3 });
    const member = await createMemberDirect(t);
    const responses = await Promise.all(Array.from({ length: 20 }, () => claim(t, member, view.id)));
    expect(responses.filter((res) => res.status === 201).length).toBe(3);
    const refused = responses.filter((res) => res.status !== 201);
    expect(refused.every((res) => res.status === 409 && res.body.error.code === 'COUPON_CLAIM_CAP_REACHED')).toBe(true);
    const rows = await t.deps.db.select({ sourceKey: memberCoupons.sourceKey }).from(memberCoupons).where(eq(memberCoupons.templateId, view.id));
    expect(rows.map((row) => row.sourceKey).sort()).toEqual([1, 2, 3].map((n) => `claim:${view.id}:${member.id}:${n}`));
    const [count] = await t.deps.db.select().from(couponMemberCounts).where(eq(couponMemberCounts.templateId, view.id));
    expect(count?.count).toBe(3);
    expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 3 });
  });
});
