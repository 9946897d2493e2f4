import { sql } from 'drizzle-orm';
import { campaigns, experiments, members, messageIntents, orders, refunds } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { armSql } from './assign-sql';
import { plainOrderRow, type PlainOrder } from './order-rows';
import type { ExperimentReport } from './report';

const DAY = 86_400_000;

/** mulberry32: a small seeded RNG, so the generated world (and the test's outcome) is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function insertMembers(t: TestApp, count: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < count; start += 1000) {
    const rows = await t.deps.db
      .insert(members)
      .values(Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ openid: `oexp${tag}${start + i}`, nickname: `e${start + i}` })))
      .returning({ id: members.id });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

async function createExperiment(t: TestApp, values: { name: string; holdoutBp: number; splitBp: number; conversionDays: number; campaign?: boolean }) {
  const [campaign] = values.campaign
    ? await t.deps.db
        .insert(campaigns)
        .values({ name: `活动 ${values.name}`, kind: 'broadcast', scheduledAt: new Date(), status: 'done' })
        .returning()
    : [undefined];
  const [row] = await t.deps.db
    .insert(experiments)
    .values({
      name: values.name,
      kind: 'campaign',
      campaignId: campaign?.id ?? null,
      salt: `salt-${values.name}`,
      holdoutBp: values.holdoutBp,
      splitBp: values.splitBp,
      conversionDays: values.conversionDays,
    })
    .returning();
  return row!;
}

/** Assigns `memberIds` with armSql (as campaigns do: one INSERT … SELECT) at `at`; returns each member's arm. */
async function assign(t: TestApp, experiment: { id: number; salt: string; holdoutBp: number; splitBp: number }, memberIds: number[], at: Date) {
  await t.deps.db.execute(sql`insert into experiment_assignments (experiment_id, member_id, arm, assigned_at)
    select ${experiment.id}, m.id, ${armSql(experiment.salt, sql`m.id`, experiment.holdoutBp, experiment.splitBp)}, ${at.toISOString()}::timestamptz
    from members m where m.id >= ${Math.min(...memberIds)} and m.id <= ${Math.max(...memberIds)}`);
  const rows = await queryRows<{ member_id: number; arm: 'A' | 'B' | 'holdout' }>(
    t.deps.db,
    sql`select member_id, arm from experiment_assignments where experiment_id = ${experiment.id}`,
  );
  return new Map(rows.map((row) => [row.member_id, row.arm]));
}

async function writeOrders(t: TestApp, planned: PlainOrder[]): Promise<void> {
  for (let start = 0; start < planned.length; start += 500) {
    const slice = planned.slice(start, start + 500);
    const rows = await t.deps.db
      .insert(orders)
      .values(slice.map((order) => plainOrderRow(order, 'r')))
      .returning({ id: orders.id, refundedFen: orders.refundedFen, status: orders.status });
    const withRefund = rows.filter((row) => row.refundedFen > 0);
    if (withRefund.length > 0) {
      await t.deps.db.insert(refunds).values(
        withRefund.map((row) => ({
          orderId: row.id,
          outRefundNo: `R${row.id}x${Math.random().toString(36).slice(2, 10)}`,
          status: 'succeeded',
          lines: [],
          amountFen: row.refundedFen,
          reason: '测试',
          orderStatusBefore: 'completed',
        })),
      );
    }
  }
}

describe.each(testDrivers())('experiments report (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    service = await createStaff(t, 'service');
  });
  afterAll(() => t.close());

  const report = async (id: number, who = owner): Promise<ExperimentReport> => {
    const res = await t.request().get(`/api/admin/experiments/${id}/report`).set(who.auth);
    expect(res.status).toBe(200);
    return res.body as ExperimentReport;
  };

  it('recovers a known lift within the 95 % intervals, and its GMV reconciles with orders and refunds to the fen', async () => {
    const random = rng(20261206);
    const ids = await insertMembers(t, 5000, 'gen');
    const experiment = await createExperiment(t, { name: '已知提升', holdoutBp: 3400, splitBp: 5000, conversionDays: 7, campaign: true });
    const assignedAt = new Date(Date.now() - 30 * DAY);
    const arms = await assign(t, experiment, ids, assignedAt);
    expect(arms.size).toBe(5000);
    // The truth: A converts 13 % with baskets U[50, 250] yuan; B and the holdout 10 % with U[50, 200] yuan. A
    // fifth of converters get a partial refund of U[0, 50 %); noise orders fall outside the window or never count.
    const truth = { A: { rate: 0.13, low: 5000, high: 25_000 }, B: { rate: 0.1, low: 5000, high: 20_000 }, holdout: { rate: 0.1, low: 5000, high: 20_000 } };
    const expected = { A: { gmv: 0, conv: 0 }, B: { gmv: 0, conv: 0 }, holdout: { gmv: 0, conv: 0 } };
    const planned: PlainOrder[] = [];
    const inWindow = () => new Date(assignedAt.getTime() + Math.floor(random() * 7 * DAY - 1));
    for (const memberId of ids) {
      const arm = arms.get(memberId)!;
      const plan = truth[arm];
      if (random() < plan.rate) {
        const payableFen = plan.low + Math.floor(random() * (plan.high - plan.low + 1));
        const refundedFen = random() < 0.2 ? Math.floor(payableFen * random() * 0.5) : 0;
        planned.push({ memberId, payableFen, paidAt: inWindow(), refundedFen, status: refundedFen > 0 ? 'partially_refunded' : 'completed' });
        expected[arm].gmv += payableFen - refundedFen;
        expected[arm].conv += 1;
      }
      const noise = random();
      if (noise < 0.05) planned.push({ memberId, payableFen: 9900, paidAt: new Date(assignedAt.getTime() - DAY) });
      else if (noise < 0.1) planned.push({ memberId, payableFen: 9900, paidAt: new Date(assignedAt.getTime() + 7 * DAY) });
      else if (noise < 0.13) planned.push({ memberId, payableFen: 9900, paidAt: inWindow(), status: 'cancelled' });
      else if (noise < 0.15) planned.push({ memberId, payableFen: 9900, paidAt: inWindow(), status: 'refunded' });
    }
    await writeOrders(t, planned);
    // Sends: two of A's intents went out, one was skipped; holdout members get none.
    const aMembers = ids.filter((id) => arms.get(id) === 'A').slice(0, 3);
    await t.deps.db.insert(messageIntents).values(
      aMembers.map((memberId, i) => ({
        key: `exp-test:${experiment.id}:${memberId}`,
        memberId,
        channel: 'inapp',
        purpose: 'marketing',
        template: 'x',
        status: ['sent', 'delivered', 'skipped'][i]!,
        experimentId: experiment.id,
        arm: 'A',
      })),
    );

    const body = await report(experiment.id, analyst);
    expect(body.experiment).toMatchObject({ id: experiment.id, sourceName: '活动 已知提升', entrants: 5000 });
    expect(body.arms.map((a) => a.arm)).toEqual(['A', 'B', 'holdout']);
    expect(body.arms.map((a) => a.sends)).toEqual([2, 0, 0]);
    for (const arm of body.arms) {
      expect(arm.gmvFen).toBe(expected[arm.arm].gmv);
      expect(arm.conversions).toBe(expected[arm.arm].conv);
      expect(arm.entrants).toBe([...arms.values()].filter((a) => a === arm.arm).length);
      expect(arm.gmvPerMemberFen).toBe(Math.round(arm.gmvFen / arm.entrants));
    }
    // Recount from orders and the refunds table, independently of the report's query.
    const [recount] = await queryRows<{ gmv: string }>(
      t.deps.db,
      sql`select coalesce(sum(o.payable_fen - coalesce((select sum(r.amount_fen) from refunds r where r.order_id = o.id and r.status = 'succeeded'), 0)), 0)::text as gmv
        from orders o join experiment_assignments a on a.member_id = o.member_id and a.experiment_id = ${experiment.id}
        where o.paid_at >= a.assigned_at and o.paid_at < a.assigned_at + interval '7 days' and o.status <> 'cancelled'`,
    );
    expect(body.arms.reduce((sum, a) => sum + a.gmvFen, 0)).toBe(Number(recount!.gmv));

    const meanNet = (p: { low: number; high: number }) => ((p.low + p.high) / 2) * (1 - 0.2 * 0.25);
    for (const arm of ['A', 'B'] as const) {
      const lift = body.arms.find((a) => a.arm === arm)!.liftVsHoldout!;
      const trueConversion = truth[arm].rate - truth.holdout.rate;
      const trueGmv = truth[arm].rate * meanNet(truth[arm]) - truth.holdout.rate * meanNet(truth.holdout);
      expect(lift.conversion.low).toBeLessThan(trueConversion);
      expect(lift.conversion.high).toBeGreaterThan(trueConversion);
      expect(lift.gmvPerMember.lowFen).toBeLessThan(trueGmv);
      expect(lift.gmvPerMember.highFen).toBeGreaterThan(trueGmv);
      const entrants = body.arms.find((a) => a.arm === arm)!.entrants;
      expect(Math.abs(lift.incrementalGmvFen - lift.gmvPerMember.diffFen * entrants)).toBeLessThanOrEqual(entrants);
    }
    // A's true lift (3 points, ≈ 6.7 yuan a member) is large enough to be told apart from zero at this size.
    const liftA = body.arms[0]!.liftVsHoldout!;
    expect(liftA.conversion.low).toBeGreaterThan(0);
    expect(liftA.gmvPerMember.lowFen).toBeGreaterThan(0);
    expect(body.arms[2]!.liftVsHoldout).toBeNull();
    expect(body.warning).toBeNull();
  });

  it('warns "样本太少" on a small experiment, and without a holdout has no lift', async () => {
    const ids = await insertMembers(t, 40, 'small');
    const small = await createExperiment(t, { name: '小样本', holdoutBp: 5000, splitBp: 0, conversionDays: 3 });
    const arms = await assign(t, small, ids, new Date(Date.now() - 10 * DAY));
    await writeOrders(
      t,
      ids.slice(0, 6).map((memberId) => ({ memberId, payableFen: 1000, paidAt: new Date(Date.now() - 9 * DAY) })),
    );
    const body = await report(small.id);
    expect(body.warning).toBe('样本太少，尚不能判断');
    expect(body.arms.map((a) => a.arm)).toEqual(['A', 'holdout']);
    expect(body.arms.reduce((sum, a) => sum + a.entrants, 0)).toBe(arms.size);
    expect(body.arms.reduce((sum, a) => sum + a.gmvFen, 0)).toBe(6000);

    const noHoldout = await createExperiment(t, { name: '无对照', holdoutBp: 0, splitBp: 5000, conversionDays: 3 });
    const empty = await report(noHoldout.id);
    expect(empty.arms.map((a) => [a.arm, a.entrants, a.conversionRate, a.liftVsHoldout])).toEqual([
      ['A', 0, 0, null],
      ['B', 0, 0, null],
    ]);
    expect(empty.warning).toBe('样本太少，尚不能判断');
  });

  it('lists experiments with their campaign name; 404 for an unknown one, 400 for a bad id, 403 without journeys:read', async () => {
    const listed = await t.request().get('/api/admin/experiments').set(analyst.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((e: { name: string }) => e.name === '已知提升')).toMatchObject({
      sourceName: '活动 已知提升',
      entrants: 5000,
      kind: 'campaign',
    });
    const missing = await t.request().get('/api/admin/experiments/2147483647/report').set(owner.auth);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await t.request().get('/api/admin/experiments/abc/report').set(owner.auth);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.request().get('/api/admin/experiments').set(service.auth)).status).toBe(403);
    expect((await t.request().get('/api/admin/experiments/1/report').set(service.auth)).status).toBe(403);
    expect((await t.request().get('/api/admin/experiments')).status).toBe(401);
  });
});
