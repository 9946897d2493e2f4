import { sql } from 'drizzle-orm';
import type { JourneyStep } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTemplate } from '../coupons/test-factories';
import { orders } from '../../db/schema';
import { runDueSteps } from '../journeys/runner';
import { definitionOf, enroll, enrollmentsOf, inappStep, publishedJourney } from '../journeys/test-factories';
import { dispatchDue } from '../messaging';
import { insertMembers } from '../tags/test-factories';
import { plainOrderRow } from './order-rows';
import type { ExperimentReport } from './report';

/**
 * A/B in journeys (issue 15 §5): a grant_coupon step's `variants.B` gives arm B another coupon; a journey's
 * experiment report counts its entrants (holdout included), the sends that went out and the GMV per arm.
 */
describe.each(testDrivers())('journey lure A vs B (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('lure A vs B: arm B gets the B coupon, arm A the A coupon, the holdout none; a missing B coupon is refused at publish', async () => {
    const approve = (id: number) =>
      t.deps.db.execute(sql`update coupon_templates set approval_status = 'approved' where id = ${id} and approval_status = 'pending'`);
    const lureA = await createTemplate(t, owner.auth);
    const lureB = await createTemplate(t, owner.auth);
    await approve(lureA.id);
    await approve(lureB.id);
    const lureStep = (couponB: number): JourneyStep => ({
      id: 'c',
      type: 'grant_coupon',
      couponId: lureA.id,
      variants: { B: { couponId: couponB } },
      next: null,
    });
    const experiment = { holdoutBp: 2000, splitBp: 5000, conversionDays: 7 };
    const created = await t
      .request()
      .post('/api/admin/journeys')
      .set(owner.auth)
      .send({ name: '诱饵 A/B', definition: definitionOf([lureStep(2_147_483_000)], { experiment }) });
    expect(created.status).toBe(201);
    const refused = await t.request().post(`/api/admin/journeys/${created.body.id}/publish`).set(owner.auth).send({});
    expect([refused.status, refused.body.error.code]).toEqual([422, 'JOURNEY_INVALID']);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'steps[0].variants.B.couponId' })]);

    const journey = await publishedJourney(t, definitionOf([lureStep(lureB.id)], { experiment }));
    const ids = await insertMembers(t, 60);
    expect(await enroll(t, journey, ids)).toBe(60);
    await runDueSteps(t.deps, t.clock.now(), 10_000);
    const arms = new Map((await enrollmentsOf(t, journey.journeyId)).map((e) => [e.member_id, e.arm]));
    expect(new Set(arms.values())).toEqual(new Set(['A', 'B', 'holdout']));
    const granted = await queryRows<{ member_id: number; template_id: number }>(
      t.deps.db,
      sql`select member_id, template_id from member_coupons where source = 'journey' and member_id in ${sql`(${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`} order by member_id`,
    );
    const expected = ids.filter((id) => arms.get(id) !== 'holdout').map((id) => [id, arms.get(id) === 'B' ? lureB.id : lureA.id]);
    expect(granted.map((row) => [Number(row.member_id), Number(row.template_id)])).toEqual(expected);
  });

  it('reports a journey experiment per arm: entrants (the holdout too), sends that went out, conversions and GMV in the window', async () => {
    const experiment = { holdoutBp: 2500, splitBp: 5000, conversionDays: 7 };
    const journey = await publishedJourney(t, definitionOf([inappStep('s', null)], { experiment }));
    const ids = await insertMembers(t, 80);
    expect(await enroll(t, journey, ids)).toBe(80);
    await runDueSteps(t.deps, t.clock.now(), 10_000);
    await dispatchDue(t.deps, t.clock.now(), 1000);
    const arms = new Map((await enrollmentsOf(t, journey.journeyId)).map((e) => [e.member_id, e.arm as 'A' | 'B' | 'holdout']));
    // Every third member pays 100 yuan a day after entering; one more order 8 days after (outside the window).
    const paidAt = new Date(t.clock.now().getTime() + 86_400_000);
    const buyers = ids.filter((_, i) => i % 3 === 0);
    await t.deps.db
      .insert(orders)
      .values([
        ...buyers.map((memberId) => plainOrderRow({ memberId, payableFen: 10_000, paidAt }, 'jx')),
        plainOrderRow({ memberId: ids[1]!, payableFen: 5000, paidAt: new Date(t.clock.now().getTime() + 8 * 86_400_000) }, 'jx'),
      ]);
    const res = await t.request().get(`/api/admin/experiments/${journey.experimentId}/report`).set(owner.auth);
    expect(res.status).toBe(200);
    const body = res.body as ExperimentReport;
    expect(body.experiment).toMatchObject({ kind: 'journey', journeyId: journey.journeyId, entrants: 80 });
    const count = (arm: string, members: number[]) => members.filter((id) => arms.get(id) === arm).length;
    expect(body.arms.map((a) => [a.arm, a.entrants, a.sends, a.conversions, a.gmvFen])).toEqual(
      (['A', 'B', 'holdout'] as const).map((arm) => [
        arm,
        count(arm, ids),
        arm === 'holdout' ? 0 : count(arm, ids),
        count(arm, buyers),
        count(arm, buyers) * 10_000,
      ]),
    );
    expect(body.arms[0]!.liftVsHoldout).toMatchObject({ conversion: expect.any(Object), gmvPerMember: expect.any(Object) });
    expect(body.warning).toBe('样本太少，尚不能判断');
  });
});
