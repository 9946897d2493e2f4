import type { AppDeps } from '../deps';
import { claimPeriod } from './claim-period';
import { startIntervalWorker, type IntervalWorker } from './interval-worker';
import { compareAnalyticsRebuild } from '../modules/analytics';
import { compareAnalyticsDetail, rebuildAnalyticsDetail } from '../modules/analytics-detail';

/** China-time minute of day (03:30) from which the nightly check of the core roll-up is due. */
export const ANALYTICS_NIGHTLY_MINUTE = 3 * 60 + 30;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The China day of `now` when its nightly check is due (at or after 03:30 China time), else null. */
export function analyticsNightlyDay(now: Date, minute = ANALYTICS_NIGHTLY_MINUTE): string | null {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  return china.getUTCHours() * 60 + china.getUTCMinutes() >= minute ? china.toISOString().slice(0, 10) : null;
}

const LAST_RUN_KEY = 'analytics_nightly_day';

/** One nightly run: rebuilds the core roll-up beside the current one, logs the differing rows, keeps the rebuild when they differ. */
export async function runAnalyticsNightly(deps: AppDeps, now: Date = deps.now()): Promise<boolean> {
  const day = analyticsNightlyDay(now);
  if (day === null || !(await claimPeriod(deps.db, LAST_RUN_KEY, day))) return false;
  const { diff, replaced } = await compareAnalyticsRebuild(deps.db, { replace: true });
  if (replaced) deps.logger.warn({ day, diff }, 'analytics nightly: the roll-up differed from a rebuild; replaced by the rebuild');
  else deps.logger.info({ day, diff }, 'analytics nightly: the roll-up equals a rebuild');
  // The detail roll-up (analytics-detail): compared the same way, rebuilt when it differs.
  const detailDiff = await compareAnalyticsDetail(deps.db);
  if (detailDiff.length > 0) await rebuildAnalyticsDetail(deps.db);
  deps.logger[detailDiff.length > 0 ? 'warn' : 'info'](
    { day, detailDiff },
    `analytics nightly: the detail roll-up ${detailDiff.length > 0 ? 'differed; rebuilt' : 'equals a rebuild'}`,
  );
  return true;
}

/**
 * Checks every `intervalMs` whether it is past 03:30 China time and, if so, runs that day's check once (several
 * processes and restarts: one claims the day). The first check waits one interval (start-up stays quick).
 * stop() waits for a running check.
 */
export function startAnalyticsNightly(deps: AppDeps, intervalMs = 60_000): IntervalWorker {
  return startIntervalWorker(
    async () => {
      await runAnalyticsNightly(deps);
    },
    intervalMs,
    (error) => deps.logger.error({ err: error }, 'analytics nightly failed'),
  );
}
