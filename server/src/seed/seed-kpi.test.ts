import { sql } from 'drizzle-orm';
import { queryRows } from '../lib/sql';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { upgradeDemoKpi } from './seed-kpi';

describe.each(testDrivers())('demo KPI targets on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const targets = async () =>
    (await queryRows<{ metric: string; target: string }>(t.deps.db, sql`select metric, target::text as target from kpi_targets order by metric`)).map((row) => [
      row.metric,
      Number(row.target),
    ]);

  it('writes nothing on a database that is not the demo', async () => {
    expect(await upgradeDemoKpi(t.deps.db, new Date('2026-12-06T04:00:00Z'))).toBe(false);
    expect(await targets()).toEqual([]);
  });

  it('sets this China month’s four targets once; a target staff removed is not put back', async () => {
    await t.deps.db.execute(sql`insert into app_meta (key, value) values ('demo_seed', '{}'::jsonb) on conflict do nothing`);
    // 2026-11-30 20:00 UTC is already 2026-12-01 in China.
    const now = new Date('2026-11-30T20:00:00Z');
    expect(await upgradeDemoKpi(t.deps.db, now)).toBe(true);
    const [month] = await queryRows<{ month: string }>(t.deps.db, sql`select distinct to_char(month, 'YYYY-MM-DD') as month from kpi_targets`);
    expect(month?.month).toBe('2026-12-01');
    expect(await targets()).toEqual([
      ['activeMembers', 50],
      ['gmvFen', 1_000_000],
      ['newMembers', 50],
      ['repurchaseRate', 2_500],
    ]);
    await t.deps.db.execute(sql`delete from kpi_targets where metric = 'newMembers'`);
    expect(await upgradeDemoKpi(t.deps.db, now)).toBe(false);
    expect((await targets()).map(([metric]) => metric)).toEqual(['activeMembers', 'gmvFen', 'repurchaseRate']);
  });
});
