import { sql } from 'drizzle-orm';
import { experiments } from '../db/schema';
import { queryRows } from '../lib/sql';
import type { ExperimentReport } from '../modules/experiments/report';
import { testDrivers } from '../testing/drivers';
import { createStaff } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';
import { seedDemo } from './seed';
import { upgradeDemoExperiments } from './seed-experiments';

describe.each(testDrivers())('upgradeDemoExperiments on %s', (driver) => {
  let t: TestApp;
  let offDemo: boolean;
  beforeAll(async () => {
    t = await createTestApp(driver);
    offDemo = await upgradeDemoExperiments(t.deps.db);
    // The whole demo is large; PGlite takes its time.
    await seedDemo(t.deps.db, t.deps.config.media.dir, t.deps.config.phoneKey);
  }, 300_000);
  afterAll(() => t.close());

  it('does nothing off the demo; on the demo writes one finished experiment whose report has numbers, once', async () => {
    expect(offDemo).toBe(false);
    expect(await upgradeDemoExperiments(t.deps.db)).toBe(true);
    expect(await upgradeDemoExperiments(t.deps.db)).toBe(false);
    const rows = await t.deps.db.select().from(experiments);
    expect(rows).toHaveLength(1);
    const owner = await createStaff(t, 'owner');
    const res = await t.request().get(`/api/admin/experiments/${rows[0]!.id}/report`).set(owner.auth);
    expect(res.status).toBe(200);
    const report = res.body as ExperimentReport;
    expect(report.arms.map((arm) => arm.arm)).toEqual(['A', 'B', 'holdout']);
    for (const arm of report.arms) {
      expect(arm.entrants).toBeGreaterThan(0);
      expect(arm.conversions).toBeGreaterThan(0);
      expect(arm.gmvFen).toBeGreaterThan(0);
    }
    expect(report.arms[0]!.sends).toBeGreaterThan(0);
    expect(report.arms[2]!.sends).toBe(0);
    expect(report.arms[0]!.liftVsHoldout).not.toBeNull();
    // Every demo experiment order has its line, and its address decrypts like any demo order's.
    const [orphans] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from orders o where o.order_no like 'DX%' and not exists (select 1 from order_lines l where l.order_id = o.id)`,
    );
    expect(orphans!.n).toBe(0);
  }, 120_000);
});
