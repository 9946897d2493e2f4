import { and, eq } from 'drizzle-orm';
import type { MyReviewView } from '@siyu/shared';
import { growthEntries, memberAccounts, pointsLots, productReviews } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { checkLedger } from '../points';
import { saveSettings } from '../points/test-factories';
import { buildReviewBody, createSkus, insertOrderWithLines } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('reviews under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
    await saveSettings(t.deps.db, { growthForFirstReview: 10, firstReviewPoints: 50 });
  });
  afterAll(() => t.close());

  it('20 parallel submits of one line: exactly one review, the rest 409 REVIEW_ALREADY_SUBMITTED', async () => {
    const member = await createMemberDirect(t);
    const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1));
    const line = order.lineIds[0] ?? 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        t
          .request()
          .post('/api/me/reviews')
          .set(member.auth)
          .send(buildReviewBody(line, { content: `第 ${index} 次提交的评价` })),
      ),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.error.code === 'REVIEW_ALREADY_SUBMITTED')).toBe(true);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    expect(await t.deps.db.select().from(productReviews).where(eq(productReviews.orderLineId, line))).toHaveLength(1);
  });

  it('parallel submits of 8 lines, then 8 parallel approvals: one reward of growth and points, and the ledger reconciles', async () => {
    const member = await createMemberDirect(t);
    const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 8));
    const submitted = await Promise.all(order.lineIds.map((line) => t.request().post('/api/me/reviews').set(member.auth).send(buildReviewBody(line))));
    expect(submitted.map((res) => res.status)).toEqual(order.lineIds.map(() => 201));
    const ids = submitted.map((res) => (res.body as MyReviewView).id);
    const approvals = await Promise.all(ids.map((id) => t.request().post(`/api/admin/reviews/${id}/approve`).set(service.auth).send({})));
    expect(approvals.map((res) => res.status)).toEqual(ids.map(() => 200));
    const rewarded = approvals.map((res) => res.body.reward as { growth: number; points: number }).filter((reward) => reward.growth > 0 || reward.points > 0);
    expect(rewarded).toEqual([{ growth: 10, points: 50 }]);
    const growth = await t.deps.db
      .select()
      .from(growthEntries)
      .where(and(eq(growthEntries.memberId, member.id), eq(growthEntries.source, 'action')));
    expect(growth.map((entry) => entry.delta)).toEqual([10]);
    const lots = await t.deps.db.select().from(pointsLots).where(eq(pointsLots.memberId, member.id));
    expect(lots.map((lot) => [lot.source, lot.amount])).toEqual([['review', 50]]);
    const [account] = await t.deps.db.select().from(memberAccounts).where(eq(memberAccounts.memberId, member.id));
    expect(account?.pointsBalance).toBe(50);
    expect((await checkLedger(t.deps.db)).mismatches.filter((found) => found.memberId === member.id)).toEqual([]);
  });
});
