import { sql } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
import { queryRows } from '../lib/sql';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { seedDemo } from './seed';
import { upgradeDemoBehaviour } from './seed-behaviour';

describe.each(testDrivers())('demo behaviour events seed on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
    await seedDemo(t.deps.db, t.deps.config.media.dir, t.deps.config.phoneKey);
  }, 300_000);
  afterAll(() => t.close());

  it('gives every demo order paid in the last 60 days a visit, view, cart and checkout of its member on its day, once', async () => {
    const now = new Date();
    expect(await upgradeDemoBehaviour(t.deps.db, now)).toBe(true);
    expect(await upgradeDemoBehaviour(t.deps.db, now)).toBe(false);
    const since = new Date(now.getTime() - 60 * 86_400_000);
    const paid = await queryRows<{ member_id: number; paid_at: string | Date }>(
      t.deps.db,
      sql`select member_id, paid_at from orders where paid_at >= ${since} and paid_at <= ${now}`,
    );
    expect(paid.length).toBeGreaterThan(0);
    const funnel = await queryRows<{ type: string; member_id: number | null; day: string }>(
      t.deps.db,
      sql`select distinct type, member_id, to_char(occurred_at at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD') as day from behaviour_events
          where type in ('page_view', 'product_view', 'add_to_cart', 'checkout_start') and device_id like 'demo_%'`,
    );
    const seen = new Set(funnel.map((row) => `${row.type}|${row.member_id}|${row.day}`));
    // The journey starts ≤ 25 minutes before payment: an order paid just after China midnight has it the day before.
    const missing = paid.filter((order) => {
      const at = new Date(order.paid_at);
      const days = [chinaDate(at), chinaDate(new Date(at.getTime() - 30 * 60_000))];
      return !['page_view', 'product_view', 'add_to_cart', 'checkout_start'].every((type) => days.some((day) => seen.has(`${type}|${order.member_id}|${day}`)));
    });
    expect(missing).toEqual([]);
    const [counts] = await queryRows<{ anonymous: number; members: number; recorded: number; events: number; outside: number }>(
      t.deps.db,
      sql`select (select count(distinct device_id)::int from behaviour_events where member_id is null and device_id like 'demo_a%') as anonymous,
                 (select count(distinct member_id)::int from behaviour_events where device_id like 'demo_m%') as members,
                 (select coalesce(sum((payload->>'count')::int), 0)::int from domain_events where type = 'behaviour.recorded') as recorded,
                 (select count(*)::int from behaviour_events where device_id like 'demo_%') as events,
                 (select count(*)::int from behaviour_events_default) as outside`,
    );
    console.log(`demo behaviour on ${driver}: ${JSON.stringify(counts)} for ${paid.length} paid orders`);
    expect(counts!.anonymous).toBeGreaterThan(100);
    expect(counts!.members).toBe(new Set(paid.map((order) => Number(order.member_id))).size);
    expect(counts!.recorded).toBe(counts!.events);
    expect(counts!.outside).toBe(0);
  });
});
