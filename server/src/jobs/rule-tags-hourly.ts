import type { AppDeps } from '../deps';
import { applyRuleTags } from '../modules/segments';
import { claimPeriod } from './claim-period';
import { startIntervalWorker, type IntervalWorker } from './interval-worker';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const LAST_RUN_KEY = 'rule_tags_live_hour';

/** The China-time hour of `now` ('2026-12-06T08'): the refresh runs once per such hour. */
export function chinaHour(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 13);
}

/**
 * Once per China hour (across processes and restarts): every rule tag whose rule reads the clock or data no
 * event names (points balance, coupons, days since …, birthday month; `readsLiveData`) is set again for every
 * member, in one transaction with the claim: such a tag is at most an hour behind instead of waiting for the
 * 03:00 rebuild. Rule tags over event-kept facts follow their events at once and are left alone. True when this
 * call ran the refresh.
 */
export async function runLiveRuleTags(deps: AppDeps, now: Date = deps.now()): Promise<boolean> {
  // The claim and the refresh commit together: a failed refresh leaves the hour unclaimed for the next tick.
  return deps.db.transaction(async (tx) => {
    if (!(await claimPeriod(tx, LAST_RUN_KEY, chinaHour(now)))) return false;
    await applyRuleTags(tx, null, now, { liveOnly: true });
    return true;
  });
}

/** Checks every `intervalMs` whether a new China hour began; the first check waits one interval. stop() waits for a run. */
export function startLiveRuleTags(deps: AppDeps, intervalMs = 60_000): IntervalWorker {
  return startIntervalWorker(
    async () => {
      if (await runLiveRuleTags(deps)) deps.logger.debug('live rule tags refreshed');
    },
    intervalMs,
    (error) => deps.logger.error({ err: error }, 'live rule tags refresh failed'),
  );
}
