import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertMembers } from '../tags/test-factories';
import { runDueSteps } from './runner';
import { definitionOf, enroll, inappStep, intentsOf, publishedJourney, stepRunsOf } from './test-factories';

const flow = () =>
  definitionOf([
    inappStep('s1', 'b'),
    { id: 'b', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 's2' },
    inappStep('s2', null, '第二条'),
  ]);

describe.each(concurrencyDrivers())('journey runner under concurrency (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 10 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs every step exactly once with several runners in parallel', async () => {
    const journey = await publishedJourney(t, flow());
    const ids = await insertMembers(t, 300);
    expect(await enroll(t, journey, ids)).toBe(300);
    const now = t.clock.now();
    let total = 0;
    for (let round = 0; round < 20; round += 1) {
      const counts = await Promise.all(Array.from({ length: 6 }, () => runDueSteps(t.deps, now, 40)));
      const ran = counts.reduce((a, b) => a + b, 0);
      total += ran;
      if (ran === 0) break;
    }
    expect(total).toBe(900);
    const runs = await stepRunsOf(t, journey.journeyId);
    expect(runs).toHaveLength(900);
    expect(new Set(runs.map((r) => `${r.enrollment_id}:${r.step_id}:${r.visit}`)).size).toBe(900);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(600);
    expect(new Set(intents.map((i) => i.key)).size).toBe(600);
    const [open] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from journey_enrollments where journey_id = ${journey.journeyId} and status <> 'completed'`,
    );
    expect(open!.n).toBe(0);
  });
});

describe.each(testDrivers())('journey runner crash (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('rolls the whole step back when it fails after the intent insert; the rerun writes one intent', async () => {
    const journey = await publishedJourney(t, flow());
    const ids = await insertMembers(t, 5);
    await enroll(t, journey, ids);
    let crashed = 0;
    await expect(
      runDueSteps(t.deps, t.clock.now(), 500, {
        afterIntents: () => {
          crashed += 1;
          throw new Error('crash after the intents');
        },
      }),
    ).rejects.toThrow('crash after the intents');
    expect(crashed).toBe(1);
    expect(await intentsOf(t, journey.journeyId)).toEqual([]);
    expect(await stepRunsOf(t, journey.journeyId)).toEqual([]);
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(15);
    const intents = await intentsOf(t, journey.journeyId);
    expect(intents).toHaveLength(10);
    expect(await runDueSteps(t.deps, t.clock.now())).toBe(0);
    expect(await intentsOf(t, journey.journeyId)).toHaveLength(10);
  });
});
