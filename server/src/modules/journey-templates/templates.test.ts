import { sql } from 'drizzle-orm';
import { JOURNEY_TEMPLATE_KEYS, journeyDefinitionSchema } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainConsumerFully } from '../events';
import { drainJourneys, journeysConsumer } from '../journeys';
import { dispatchDue } from '../messaging';
import { upgradeDemoJourneys } from '../../seed/seed-journeys';
import { ensureDefaultSmsTemplates } from '../sms';

/** Moves the test clock to the next 12:00 China time (outside any quiet hours). */
function toChinaNoon(t: TestApp): void {
  const now = t.clock.now().getTime();
  const day = 86_400_000;
  const noonUtc = 4 * 3600 * 1000;
  let next = Math.floor(now / day) * day + noonUtc;
  if (next <= now) next += day;
  t.clock.advance(next - now);
}

describe.each(testDrivers())('journey templates (%s)', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    // First move the clock: a staff token signed before a jump of up to a day would have expired.
    toChinaNoon(t);
    operator = await createStaff(t, 'operator');
    analyst = await createStaff(t, 'analyst');
    // `npm start` seeds the default SMS templates; the subscribe ones come with their migration.
    await ensureDefaultSmsTemplates(t.deps.db);
  });
  afterAll(() => t.close());

  const enable = (key: string, query = '', auth = operator.auth) => t.request().post(`/api/admin/journeys/templates/${key}/enable${query}`).set(auth).send();

  it('lists the nine templates with a name, purpose, channels and a valid definition (journeys:read)', async () => {
    const res = await t.request().get('/api/admin/journeys/templates').set(analyst.auth);
    expect(res.status).toBe(200);
    expect(res.body.map((item: { key: string }) => item.key)).toEqual([...JOURNEY_TEMPLATE_KEYS]);
    for (const item of res.body as { name: string; purpose: string; channels: string[]; definition: unknown }[]) {
      expect(item.name).toMatch(/\p{Script=Han}/u);
      expect(['marketing', 'service']).toContain(item.purpose);
      expect(item.channels.length).toBeGreaterThan(0);
      expect(journeyDefinitionSchema.safeParse(item.definition).success).toBe(true);
    }
    expect((await t.request().get('/api/admin/journeys/templates')).status).toBe(401);
  });

  it('refuses unknown keys (404) and staff without journeys:write (403)', async () => {
    expect((await enable('nope')).body.error.code).toBe('JOURNEY_TEMPLATE_UNKNOWN');
    expect((await enable('welcome', '', analyst.auth)).status).toBe(403);
  });

  it('names the SMS template a definition needs when it is missing (409), writing nothing', async () => {
    await t.deps.db.execute(sql`update sms_templates set code = 'SMS_WINBACK_OFF' where code = 'SMS_WINBACK'`);
    try {
      const res = await enable('winback_sms');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('JOURNEY_TEMPLATE_DEPENDENCY');
      expect(res.body.error.message).toContain('SMS_WINBACK');
      const [row] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from journeys where template_key = 'winback_sms'`);
      expect(Number(row!.count)).toBe(0);
    } finally {
      await t.deps.db.execute(sql`update sms_templates set code = 'SMS_WINBACK' where code = 'SMS_WINBACK_OFF'`);
    }
  });

  it('enables every template as a published, active journey; twice is 409 unless ?again=1', async () => {
    const outcomes: unknown[] = [];
    // Every one of the nine, including those filling typed subscribe fields (amount2 = {{order.amount}}, number1 = {{points.expiring}}).
    const keys = [...JOURNEY_TEMPLATE_KEYS];
    for (const key of keys) {
      const res = await enable(key);
      outcomes.push([key, res.status, res.body.error ?? null]);
      if (res.status !== 201) continue;
      expect(res.body).toMatchObject({ templateKey: key, status: 'active' });
      expect(res.body.currentVersionId).toBe(res.body.version.id);
    }
    expect(outcomes).toEqual(keys.map((key) => [key, 201, null]));
    expect((await enable('welcome')).body.error.code).toBe('JOURNEY_TEMPLATE_ENABLED');
    expect((await enable('welcome', '?again=1')).status).toBe(201);
    // The welcome coupon and the silent segment were created once, and reused.
    const [coupons] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from coupon_templates where name = '新客专享券'`);
    expect(Number(coupons!.count)).toBe(1);
    const [segments] = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from segments where name = '沉默会员'`);
    expect(Number(segments!.count)).toBe(1);
    // tier_change enables the downgrade notice with it.
    const [tiers] = await queryRows<{ count: number }>(
      t.deps.db,
      sql`select count(*)::int as count from journeys where template_key = 'tier_change' and status = 'active'`,
    );
    expect(Number(tiers!.count)).toBe(2);
    const audit = await queryRows<{ count: number }>(t.deps.db, sql`select count(*)::int as count from audit_log where action = 'journey_template.enable'`);
    expect(Number(audit[0]!.count)).toBe(keys.length + 1);
    const listed = await t.request().get('/api/admin/journeys/templates').set(analyst.auth);
    expect(listed.body.find((item: { key: string }) => item.key === 'welcome').enabled).toBe(2);
  });

  if (driver === 'postgres') {
    it('parallel enables of one template create exactly one journey (the rest 409)', async () => {
      await t.deps.db.execute(sql`update journeys set status = 'archived' where template_key = 'coupon_expiry'`);
      const results = await Promise.all(Array.from({ length: 6 }, () => enable('coupon_expiry')));
      expect(results.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const [row] = await queryRows<{ count: number }>(
        t.deps.db,
        sql`select count(*)::int as count from journeys where template_key = 'coupon_expiry' and status = 'active'`,
      );
      expect(Number(row!.count)).toBe(1);
    });
  }

  it('after enabling welcome, a new member logging in finds the welcome message in the 消息 center', async () => {
    const member = await loginMember(t);
    // What the consumer, the runner and the dispatcher do continuously under `npm start`, a few rounds.
    let titles: string[] = [];
    for (let round = 0; round < 5 && !titles.some((title) => title.startsWith('欢迎加入')); round += 1) {
      await drainConsumerFully(t.deps.db, journeysConsumer, t.clock.now);
      await drainJourneys(t.deps, t.clock.now());
      await dispatchDue(t.deps, t.clock.now(), 1000);
      const res = await t.request().get('/api/me/messages').set(member.auth);
      expect(res.status).toBe(200);
      titles = (res.body.items as { title: string }[]).map((item) => item.title);
    }
    expect(titles.some((title) => title.startsWith('欢迎加入'))).toBe(true);
    // The welcome coupon was granted too (the journey's grant step).
    const [coupon] = await queryRows<{ count: number }>(
      t.deps.db,
      sql`select count(*)::int as count from member_coupons mc join coupon_templates c on c.id = mc.template_id where mc.member_id = ${member.id} and c.name = '新客专享券'`,
    );
    expect(Number(coupon!.count)).toBeGreaterThanOrEqual(1);
  });

  it('seeds the demo journeys once per demo database; a refused template leaves the marker unwritten for the next start', async () => {
    const fresh = await createTestApp(driver);
    try {
      const db = fresh.deps.db;
      expect(await upgradeDemoJourneys(db, fresh.clock.now())).toEqual([]);
      await db.execute(sql`insert into app_meta (key, value) values ('demo_seed', '{}'::jsonb)`);
      const expected = ['welcome', 'unpaid_reminder', 'winback_sms'];
      expect(await upgradeDemoJourneys(db, fresh.clock.now())).toEqual(expected);
      const marker = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = 'demo_journeys'`);
      // Every demo template enabled: the marker is written and later starts do nothing.
      expect(marker.length).toBe(1);
      expect(await upgradeDemoJourneys(db, fresh.clock.now())).toEqual([]);
      const rows = await queryRows<{ template_key: string }>(db, sql`select template_key from journeys where status = 'active' order by id`);
      expect(rows.map((row) => row.template_key)).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });
});
