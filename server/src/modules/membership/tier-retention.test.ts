import { and, eq } from 'drizzle-orm';
import type { MembershipView } from '@siyu/shared';
import { memberNotices, memberTierHistory } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { runTierRetention } from './evaluation';
import { accountOf, DAY_MS, memberAuth, staffAuth, testContext, tierOfMember } from './test-factories';

/** The retention job over time: every scenario starts at the current (moved) clock. */
describe.each(testDrivers())('tier retention on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function memberWithGrowth(growth: number): Promise<number> {
    const member = await createMemberDirect(t);
    const res = await t
      .request()
      .post(`/api/admin/members/${member.id}/growth-adjustments`)
      .set(await staffAuth(t, owner))
      .send({ delta: growth, reason: '补录线下消费' });
    expect(res.status).toBe(201);
    return member.id;
  }

  const retention = () => runTierRetention(testContext(t));
  const warnings = (memberId: number) =>
    t.deps.db
      .select()
      .from(memberNotices)
      .where(and(eq(memberNotices.memberId, memberId), eq(memberNotices.kind, 'tier_downgrade_warning')));

  it('moves a member down one tier after the grace period, warning them 7 days ahead', async () => {
    const memberId = await memberWithGrowth(600);
    expect(await tierOfMember(t, memberId)).toBe('silver');
    await retention();
    expect((await accountOf(t, memberId))?.downgradeTo).toBeNull();

    t.clock.advance(366 * DAY_MS); // the 600 leave the rolling 12 months
    const [since, result] = [t.clock.now().getTime(), await retention()];
    expect(result.evaluated).toBeGreaterThanOrEqual(1);
    const account = await accountOf(t, memberId);
    expect(account).toMatchObject({ downgradeTo: 'bronze', downgradeWarnedAt: null });
    const scheduledAt = (account?.downgradeAt?.getTime() ?? 0) - 30 * DAY_MS;
    expect(scheduledAt).toBeGreaterThanOrEqual(since);
    expect(scheduledAt).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(await warnings(memberId)).toEqual([]);
    const view = (await t.request().get('/api/me/membership').set(memberAuth(t, memberId))).body as MembershipView;
    expect(view).toMatchObject({
      tierCode: 'silver',
      growthValue: 0,
      growthTotal: 600,
      downgradeWarning: { toTierCode: 'bronze', growthNeeded: 500, at: new Date(scheduledAt + 30 * DAY_MS).toISOString() },
    });

    t.clock.advance(22 * DAY_MS);
    await retention();
    expect(await warnings(memberId)).toEqual([]);

    t.clock.advance(1 * DAY_MS); // 7 days before the downgrade
    const warnedFrom = t.clock.now().getTime();
    await retention();
    await retention();
    const notices = await warnings(memberId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.data).toMatchObject({ fromTier: 'silver', toTier: 'bronze', at: new Date(scheduledAt + 30 * DAY_MS).toISOString(), growthNeeded: 500 });
    expect((await accountOf(t, memberId))?.downgradeWarnedAt?.getTime()).toBeGreaterThanOrEqual(warnedFrom);
    expect(await tierOfMember(t, memberId)).toBe('silver');

    t.clock.advance(7 * DAY_MS - 3600_000); // an hour before (the test clock also runs in real time)
    expect((await retention()).changed).toBe(0);
    expect(await tierOfMember(t, memberId)).toBe('silver');

    t.clock.advance(3600_000);
    await retention();
    expect(await tierOfMember(t, memberId)).toBe('bronze');
    expect((await accountOf(t, memberId))?.downgradeTo).toBeNull();
    const history = await t.deps.db.select().from(memberTierHistory).where(eq(memberTierHistory.memberId, memberId)).orderBy(memberTierHistory.id);
    expect(history.map((row) => [row.fromTier, row.toTier, row.reason])).toEqual([
      ['bronze', 'silver', 'upgrade'],
      ['silver', 'bronze', 'downgrade'],
    ]);
  });

  it('goes down one tier at a time, and warns before a downgrade that came due unwarned', async () => {
    const memberId = await memberWithGrowth(5000);
    expect(await tierOfMember(t, memberId)).toBe('platinum');
    t.clock.advance(366 * DAY_MS);
    await retention();
    expect((await accountOf(t, memberId))?.downgradeTo).toBe('gold');

    t.clock.advance(31 * DAY_MS); // the job did not run during the warning window
    const warnedFrom = t.clock.now().getTime();
    await retention();
    expect(await tierOfMember(t, memberId)).toBe('platinum');
    expect(await warnings(memberId)).toHaveLength(1);
    const postponedTo = (await accountOf(t, memberId))?.downgradeAt?.getTime() ?? 0;
    expect(postponedTo).toBeGreaterThanOrEqual(warnedFrom + 7 * DAY_MS);
    expect(postponedTo).toBeLessThanOrEqual(t.clock.now().getTime() + 7 * DAY_MS);

    t.clock.advance(7 * DAY_MS);
    await retention();
    expect(await tierOfMember(t, memberId)).toBe('gold');
    expect((await accountOf(t, memberId))?.downgradeTo).toBeNull();
    // Still short of gold: the next run starts gold's own grace period instead of a second step.
    await retention();
    expect(await tierOfMember(t, memberId)).toBe('gold');
    const account = await accountOf(t, memberId);
    expect(account).toMatchObject({ downgradeTo: 'silver', downgradeWarnedAt: null });
    expect(account?.downgradeAt?.getTime()).toBeGreaterThan(t.clock.now().getTime() + 29 * DAY_MS);
  });

  it('cancels a pending downgrade when growth comes back', async () => {
    const memberId = await memberWithGrowth(2000);
    t.clock.advance(366 * DAY_MS);
    await retention();
    expect((await accountOf(t, memberId))?.downgradeTo).toBe('silver');
    t.clock.advance(25 * DAY_MS);
    await retention();
    expect(await warnings(memberId)).toHaveLength(1);

    const res = await t
      .request()
      .post(`/api/admin/members/${memberId}/growth-adjustments`)
      .set(await staffAuth(t, owner))
      .send({ delta: 2000, reason: '补录线下消费' });
    expect(res.status).toBe(201);
    expect(await accountOf(t, memberId)).toMatchObject({ downgradeTo: null, downgradeAt: null, downgradeWarnedAt: null });
    t.clock.advance(10 * DAY_MS);
    await retention();
    expect(await tierOfMember(t, memberId)).toBe('gold');
    const view = (await t.request().get('/api/me/membership').set(memberAuth(t, memberId))).body as MembershipView;
    expect(view.downgradeWarning).toBeNull();
  });
});
