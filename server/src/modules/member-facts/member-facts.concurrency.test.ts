import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertMember } from '../channel-report/test-factories';
import { settleCrmRebuilds } from '.';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T04:00:00Z');

describe.each(concurrencyDrivers())('crm rebuilds under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => {
    await settleCrmRebuilds(t.deps.db);
    await t.close();
  });

  it('starts exactly one of many parallel rebuild requests; the others get 409 CRM_REBUILD_RUNNING', async () => {
    const owner = await createStaff(t, 'owner');
    for (let i = 0; i < 20; i += 1) await insertMember(t.deps.db, new Date(NOW.getTime() - i * DAY), null);
    // The facts lock held meanwhile keeps the winner running until every request has answered.
    const answers = await t.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(1400014)`);
      return Promise.all(Array.from({ length: 12 }, () => t.request().post('/api/admin/crm/rebuilds').set(owner.auth)));
    });
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const res of answers.filter((r) => r.status === 409)) expect(res.body.error.code).toBe('CRM_REBUILD_RUNNING');
    await settleCrmRebuilds(t.deps.db);
    const [row] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from crm_rebuilds`);
    expect(row!.n).toBe(1);
  });
});
