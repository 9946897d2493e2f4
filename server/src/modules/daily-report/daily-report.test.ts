import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, dailyReports, kpiTargets, staff, staffMessages, statsDaily } from '../../db/schema';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { ROBOT_ERRCODES, WecomRobotSimulator } from '../../wecom-robot';
import { DAILY_REPORT_MESSAGE_KIND, ROBOT_MAX_ATTEMPTS, runDailyReport } from './service';

/** 09:00 China time on 2026-11-20: the 日报 of 2026-11-19 is due (default hour 8). */
const NINE_AM = new Date('2026-11-20T01:00:00Z');
const MINUTE = 60_000;
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

async function startRobot(): Promise<{ robot: WecomRobotSimulator; url: string; server: http.Server; setNow(now: () => number): void }> {
  let clock: () => number = Date.now;
  const robot = new WecomRobotSimulator({ now: () => clock() });
  const server = http.createServer(robot.app().callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    robot,
    url: robot.webhookUrl(base),
    server,
    setNow: (now) => {
      clock = now;
    },
  };
}

async function insertDay(t: TestApp, day: string, figures: Partial<typeof statsDaily.$inferInsert>): Promise<void> {
  await t.deps.db.insert(statsDaily).values({ day, ...figures });
}

async function messagesOf(t: TestApp, staffId: number) {
  return t.deps.db
    .select()
    .from(staffMessages)
    .where(and(eq(staffMessages.staffId, staffId), eq(staffMessages.kind, DAILY_REPORT_MESSAGE_KIND)));
}

describe.each(testDrivers())('日报 (%s)', (driver) => {
  let t: TestApp;
  let robotServer: Awaited<ReturnType<typeof startRobot>>;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  let disabledAnalyst: TestStaff;

  beforeAll(async () => {
    robotServer = await startRobot();
    t = await createTestApp(driver, { env: { DAILY_REPORT_WEBHOOK_URL: robotServer.url } });
    owner = await createStaff(t, 'owner');
    operator = await createStaff(t, 'operator');
    analyst = await createStaff(t, 'analyst');
    service = await createStaff(t, 'service');
    disabledAnalyst = await createStaff(t, 'analyst');
    await t.deps.db.update(staff).set({ isDisabled: true }).where(eq(staff.id, disabledAnalyst.id));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => robotServer.server.close(() => resolve()));
  });

  it('after the configured hour builds yesterday once from the roll-ups: one 站内信 per reader, one robot message', async () => {
    const { robot } = robotServer;
    robotServer.setNow(() => NINE_AM.getTime());
    await insertDay(t, '2026-11-19', { gmvFen: 100_001, paidOrders: 2, payingMembers: 2, refundFen: 3_000, visitors: 40, newMembers: 5 });
    await insertDay(t, '2026-11-18', { gmvFen: 50_000, paidOrders: 1, payingMembers: 1, visitors: 50, newMembers: 5 });
    await insertDay(t, '2026-11-01', { gmvFen: 20_000, paidOrders: 1, payingMembers: 1 });
    await t.deps.db.insert(kpiTargets).values({ month: '2026-11-01', metric: 'gmvFen', target: 1_000_000 });

    // 07:59 China time: not yet.
    expect(await runDailyReport(t.deps, new Date('2026-11-19T23:59:00Z'))).toEqual({ created: null, sent: [] });
    const first = await runDailyReport(t.deps, NINE_AM);
    expect(first).toEqual({ created: '2026-11-19', sent: ['2026-11-19'] });
    // A second tick, later the same day, and a third the next hour: nothing more.
    expect(await runDailyReport(t.deps, plus(NINE_AM, 5 * MINUTE))).toEqual({ created: null, sent: [] });
    expect(await runDailyReport(t.deps, plus(NINE_AM, 60 * MINUTE))).toEqual({ created: null, sent: [] });

    const [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-19'));
    expect(row?.robotStatus).toBe('sent');
    expect(row?.robotAttempts).toBe(1);
    expect(row?.content).toEqual({
      day: '2026-11-19',
      gmvFen: 100_001,
      netGmvFen: 97_001,
      paidOrders: 2,
      payingMembers: 2,
      aovFen: 50_001, // 50,000.5 rounds half up
      visitors: 40,
      newMembers: 5,
      previous: { gmvFen: 50_000, netGmvFen: 50_000, paidOrders: 1, payingMembers: 1, aovFen: 50_000, visitors: 50, newMembers: 5 },
      monthGmv: { actualFen: 170_001, targetFen: 1_000_000 },
    });

    expect(robot.messages).toHaveLength(1);
    const markdown = robot.messages[0]?.content ?? '';
    expect(markdown).toContain('2026-11-19');
    expect(markdown).toContain('¥1,000.01');
    expect(markdown).toContain('↑100.0%'); // GMV doubled
    expect(markdown).toContain('↓20.0%'); // visitors 50 → 40
    expect(markdown).toContain('→ 持平'); // new members 5 → 5
    expect(markdown).toContain('完成 17.0%');

    for (const reader of [owner, operator, analyst]) {
      const rows = await messagesOf(t, reader.id);
      expect(rows.map((m) => m.dedupeKey)).toEqual(['2026-11-19']);
      expect(rows[0]?.body).toContain('¥1,000.01');
    }
    expect(await messagesOf(t, service.id)).toHaveLength(0);
    expect(await messagesOf(t, disabledAnalyst.id)).toHaveLength(0);

    // Readers see it in their inbox.
    const inbox = await t.request().get('/api/admin/inbox').set(analyst.auth).expect(200);
    expect(inbox.body.items.map((m: { title: string }) => m.title)).toContain('日报 2026-11-19');
    const list = await t.request().get('/api/admin/daily-reports?limit=5').set(analyst.auth).expect(200);
    expect(list.body.robotConfigured).toBe(true);
    expect(list.body.items[0]).toMatchObject({ day: '2026-11-19', robotStatus: 'sent', robotAttempts: 1 });
    await t.request().get('/api/admin/daily-reports').set(service.auth).expect(403);
  });

  it('waits while disabled in the settings', async () => {
    await t.deps.db.execute(sql`update analytics_settings set daily_report_enabled = false where id = 1`);
    try {
      expect(await runDailyReport(t.deps, new Date('2026-11-21T01:00:00Z'))).toEqual({ created: null, sent: [] });
      expect(await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-20'))).toHaveLength(0);
    } finally {
      await t.deps.db.execute(sql`update analytics_settings set daily_report_enabled = true where id = 1`);
    }
  });

  it('a rate-limit answer is retried after the backoff, and only then', async () => {
    const { robot } = robotServer;
    const at = new Date('2026-11-22T02:00:00Z'); // 10:00 China → day 2026-11-21
    robotServer.setNow(() => at.getTime());
    const before = robot.messages.length;
    robot.failNext(ROBOT_ERRCODES.rateLimited);
    expect(await runDailyReport(t.deps, at)).toEqual({ created: '2026-11-21', sent: [] });
    let [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-21'));
    expect(row).toMatchObject({ robotStatus: 'pending', robotAttempts: 1 });
    expect(row?.robotError).toContain('45009');
    // 30 s later: still backing off.
    expect((await runDailyReport(t.deps, plus(at, 30_000))).sent).toEqual([]);
    expect(robot.messages.length).toBe(before);
    // After a minute: sent, once.
    expect((await runDailyReport(t.deps, plus(at, MINUTE + 1_000))).sent).toEqual(['2026-11-21']);
    expect((await runDailyReport(t.deps, plus(at, 10 * MINUTE))).sent).toEqual([]);
    expect(robot.messages.length).toBe(before + 1);
    [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-21'));
    expect(row).toMatchObject({ robotStatus: 'sent', robotAttempts: 2, robotError: null });
    // The in-app message was written once, whatever the robot did.
    expect((await messagesOf(t, owner.id)).filter((m) => m.dedupeKey === '2026-11-21')).toHaveLength(1);
  });

  it(`gives up after ${ROBOT_MAX_ATTEMPTS} failed attempts; an owner's resend (audited) posts it again`, async () => {
    const { robot } = robotServer;
    let at = new Date('2026-11-24T02:00:00Z'); // day 2026-11-23
    robotServer.setNow(() => at.getTime());
    robot.failNext(-1, ROBOT_MAX_ATTEMPTS);
    await runDailyReport(t.deps, at);
    for (let i = 0; i < 10; i += 1) {
      at = plus(at, 20 * MINUTE);
      await runDailyReport(t.deps, at);
    }
    const [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-23'));
    expect(row).toMatchObject({ robotStatus: 'failed', robotAttempts: ROBOT_MAX_ATTEMPTS });
    expect(row?.robotError).toContain('-1');
    const before = robot.messages.length;

    await t.request().post('/api/admin/daily-reports/2026-11-23/resend').set(operator.auth).expect(403);
    await t.request().post('/api/admin/daily-reports/2026-10-01/resend').set(owner.auth).expect(404);
    await t.request().post('/api/admin/daily-reports/2026-02-30/resend').set(owner.auth).expect(400);
    const resent = await t.request().post('/api/admin/daily-reports/2026-11-23/resend').set(owner.auth).expect(200);
    expect(resent.body).toMatchObject({ day: '2026-11-23', robotStatus: 'sent', robotAttempts: 1 });
    expect(robot.messages.length).toBe(before + 1);
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'daily_report.resend'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ staffId: owner.id, targetType: 'daily_report', targetId: '2026-11-23' });
  });

  it('a key the robot refuses fails at once (no retries)', async () => {
    const wrongKey = { ...t.deps, config: { ...t.deps.config, dailyReportWebhookUrl: robotServer.url.replace(/key=.*/, 'key=wrong') } };
    const at = new Date('2026-11-26T02:00:00Z');
    expect(await runDailyReport(wrongKey, at)).toEqual({ created: '2026-11-25', sent: [] });
    const [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-25'));
    expect(row).toMatchObject({ robotStatus: 'failed', robotAttempts: 1 });
    expect(row?.robotError).toContain('93000');
    expect(row?.robotError).not.toContain('wrong'); // the URL (and its key) is never written down
    expect((await runDailyReport(wrongKey, plus(at, 30 * MINUTE))).sent).toEqual([]);
  });
});

describe.each(testDrivers())('日报 without a robot (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => t?.close());

  it('goes in-app only (robot off) and a resend answers 409', async () => {
    const owner = await createStaff(t, 'owner');
    expect(await runDailyReport(t.deps, NINE_AM)).toEqual({ created: '2026-11-19', sent: [] });
    const [row] = await t.deps.db.select().from(dailyReports).where(eq(dailyReports.day, '2026-11-19'));
    expect(row?.robotStatus).toBe('off');
    expect(await messagesOf(t, owner.id)).toHaveLength(1);
    const answer = await t.request().post('/api/admin/daily-reports/2026-11-19/resend').set(owner.auth).expect(409);
    expect(answer.body.error.code).toBe('DAILY_REPORT_ROBOT_OFF');
  });
});

describe.each(concurrencyDrivers())('日报 across two processes (%s)', (driver) => {
  it('two concurrent runs create and send each day once', async () => {
    const robotServer = await startRobot();
    const one = await createTestApp(driver, { env: { DAILY_REPORT_WEBHOOK_URL: robotServer.url } });
    const two = await createTestApp(driver, { sameDatabaseAs: one, env: { DAILY_REPORT_WEBHOOK_URL: robotServer.url } });
    try {
      const readers = [await createStaff(one, 'owner'), await createStaff(one, 'analyst')];
      const days: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const at = new Date(Date.parse('2026-11-10T03:00:00Z') + i * 86_400_000);
        robotServer.setNow(() => at.getTime());
        const results = await Promise.all([runDailyReport(one.deps, at), runDailyReport(two.deps, at), runDailyReport(one.deps, at)]);
        const day = new Date(at.getTime() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
        days.push(day);
        expect(results.filter((r) => r.created === day)).toHaveLength(1);
        expect(results.flatMap((r) => r.sent)).toEqual([day]);
      }
      expect(robotServer.robot.messages).toHaveLength(days.length);
      for (const reader of readers) {
        const rows = await messagesOf(one, reader.id);
        expect(rows.map((m) => m.dedupeKey).sort()).toEqual(days);
      }
    } finally {
      await two.close();
      await one.close();
      await new Promise<void>((resolve) => robotServer.server.close(() => resolve()));
    }
  });
});
