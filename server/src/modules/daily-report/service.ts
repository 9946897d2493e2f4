import { and, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { addDays, chinaDate, ROLE_PERMISSIONS, STAFF_ROLES, type DailyReportContent } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { dailyReports, staff } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { sendRobotMarkdown, type RobotSendResult } from '../../wecom-robot';
import { readAnalyticsSettings } from '../analytics-settings';
import { insertStaffMessages } from '../staff-messages';
import { buildDailyReportContent, dailyReportMarkdown, dailyReportText } from './content';

/** Robot attempts before a 日报's robot message is given up (robot_status 'failed'). */
export const ROBOT_MAX_ATTEMPTS = 5;
/** Waits after a failed attempt 1, 2, 3, 4: 1, 2, 4, 8 minutes. */
export function robotBackoffMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, attempts - 1);
}
/** How long a sender holds a claimed attempt (well above the client's 10 s timeout): a crashed sender's attempt is retried after it. */
export const ROBOT_LEASE_MS = 2 * 60_000;

export const DAILY_REPORT_MESSAGE_KIND = 'daily_report';

export interface DailyReportView {
  day: string;
  content: DailyReportContent;
  robotStatus: 'pending' | 'sent' | 'failed' | 'off';
  robotError: string | null;
  robotAttempts: number;
  createdAt: string;
  robotSentAt: string | null;
}

function view(row: typeof dailyReports.$inferSelect): DailyReportView {
  return {
    day: row.day,
    content: row.content as DailyReportContent,
    robotStatus: row.robotStatus as DailyReportView['robotStatus'],
    robotError: row.robotError,
    robotAttempts: row.robotAttempts,
    createdAt: row.createdAt.toISOString(),
    robotSentAt: row.robotSentAt ? row.robotSentAt.toISOString() : null,
  };
}

/** The China hour of an instant. */
function chinaHour(now: Date): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCHours();
}

/** Roles whose staff receive the 日报 in-app (those with reports:read). */
const READER_ROLES = STAFF_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('reports:read'));

/**
 * Creates the 日报 of `day` once: the daily_reports row (day is its key, so two processes create it once) and,
 * in the same transaction, one 站内信 per enabled staff member with reports:read (unique per staff and day).
 * Returns true when this call created it.
 */
export async function createDailyReport(deps: AppDeps, day: string, now: Date): Promise<boolean> {
  const content = await buildDailyReportContent(deps.db, day);
  return deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(dailyReports)
      .values({ day, content, robotStatus: deps.config.dailyReportWebhookUrl ? 'pending' : 'off', createdAt: now })
      .onConflictDoNothing({ target: dailyReports.day })
      .returning({ day: dailyReports.day });
    if (!created) return false;
    const readers = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.isDisabled, false), inArray(staff.role, [...READER_ROLES])));
    await insertStaffMessages(
      tx,
      readers.map((reader) => ({
        staffId: reader.id,
        kind: DAILY_REPORT_MESSAGE_KIND,
        dedupeKey: day,
        title: `日报 ${day}`,
        body: dailyReportText(content),
        link: `/dashboard?from=${day}&to=${day}`,
      })),
      now,
    );
    return true;
  });
}

/**
 * Claims one pending robot send that is due (its backoff or a crashed sender's lease is over) by counting the
 * attempt and leasing it; under concurrent senders one wins (the row's conditions are re-checked after its lock).
 */
async function claimRobotSend(db: Executor, now: Date): Promise<typeof dailyReports.$inferSelect | null> {
  const [claimed] = await db
    .update(dailyReports)
    .set({ robotAttempts: sql`${dailyReports.robotAttempts} + 1`, robotNextAt: new Date(now.getTime() + ROBOT_LEASE_MS) })
    .where(
      and(
        eq(dailyReports.robotStatus, 'pending'),
        or(isNull(dailyReports.robotNextAt), lte(dailyReports.robotNextAt, now)),
        eq(
          dailyReports.day,
          sql`(select d.day from daily_reports d where d.robot_status = 'pending' and (d.robot_next_at is null or d.robot_next_at <= ${now.toISOString()}::timestamptz) order by d.day limit 1 for update skip locked)`,
        ),
      ),
    )
    .returning();
  return claimed ?? null;
}

async function recordRobotResult(db: Executor, row: typeof dailyReports.$inferSelect, result: RobotSendResult, now: Date): Promise<void> {
  if (result.ok) {
    await db
      .update(dailyReports)
      .set({ robotStatus: 'sent', robotSentAt: now, robotError: null, robotNextAt: null })
      .where(and(eq(dailyReports.day, row.day), eq(dailyReports.robotStatus, 'pending')));
    return;
  }
  const giveUp = result.kind === 'rejected' || row.robotAttempts >= ROBOT_MAX_ATTEMPTS;
  await db
    .update(dailyReports)
    .set({
      robotStatus: giveUp ? 'failed' : 'pending',
      robotError: result.error.slice(0, 500),
      robotNextAt: giveUp ? null : new Date(now.getTime() + robotBackoffMs(row.robotAttempts)),
    })
    .where(and(eq(dailyReports.day, row.day), eq(dailyReports.robotStatus, 'pending')));
}

/**
 * Posts the due pending 日报 to the WeCom robot, one claimed row at a time (HTTP outside any transaction).
 * A crash before the answer is recorded leaves the attempt leased; it is tried again once the lease ends.
 * Once marked sent a 日报 is never posted again (except by an owner's resend). Returns the days sent.
 */
export async function deliverPendingRobotMessages(deps: AppDeps, now: Date): Promise<string[]> {
  const url = deps.config.dailyReportWebhookUrl;
  if (!url) return [];
  const sent: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const row = await claimRobotSend(deps.db, now);
    if (!row) break;
    const result = await sendRobotMarkdown(url, dailyReportMarkdown(row.content as DailyReportContent));
    await recordRobotResult(deps.db, row, result, now);
    if (result.ok) sent.push(row.day);
    else deps.logger.warn({ day: row.day, attempts: row.robotAttempts, error: result.error }, 'daily report robot send failed');
  }
  return sent;
}

/**
 * One tick of the 日报 job: from analytics_settings.daily_report_hour (China time), when enabled, creates
 * yesterday's 日报 (once per day across processes), then posts whatever is due to the robot.
 */
export async function runDailyReport(deps: AppDeps, now: Date = deps.now()): Promise<{ created: string | null; sent: string[] }> {
  const settings = await readAnalyticsSettings(deps.db);
  let created: string | null = null;
  if (settings.dailyReportEnabled && chinaHour(now) >= settings.dailyReportHour) {
    const day = addDays(chinaDate(now), -1);
    const [existing] = await deps.db.select({ day: dailyReports.day }).from(dailyReports).where(eq(dailyReports.day, day));
    if (!existing && (await createDailyReport(deps, day, now))) created = day;
  }
  const sent = await deliverPendingRobotMessages(deps, now);
  return { created, sent };
}

/** The latest 日报, newest day first. */
export async function listDailyReports(db: Executor, limit: number): Promise<DailyReportView[]> {
  const rows = await db.select().from(dailyReports).orderBy(desc(dailyReports.day)).limit(limit);
  return rows.map(view);
}

export async function findDailyReport(db: Executor, day: string): Promise<DailyReportView | null> {
  const [row] = await db.select().from(dailyReports).where(eq(dailyReports.day, day));
  return row ? view(row) : null;
}

/** Puts a 日报's robot message back in the queue (attempts start again). Returns the row before, or null. */
export async function requeueRobotMessage(db: Executor, day: string): Promise<DailyReportView | null> {
  const before = await findDailyReport(db, day);
  if (!before) return null;
  await db
    .update(dailyReports)
    .set({ robotStatus: 'pending', robotAttempts: 0, robotNextAt: null, robotError: null, robotSentAt: null })
    .where(eq(dailyReports.day, day));
  return before;
}
