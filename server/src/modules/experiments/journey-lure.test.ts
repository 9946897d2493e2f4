import { sql } from 'drizzle-orm';
import type { JourneyStep } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createTemplate } from '../coupons/test-factories';
import { runDueSteps } from '../journeys/runner';
import { definitionOf, enroll, enrollmentsOf, publishedJourney } from '../journeys/test-factories';
import { insertMembers } from '../tags/test-factories';

/** A/B on the lure (issue 15 §5): a journey's grant_coupon step with `variants.B` gives arm B another coupon. */
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
});
