import type { AppDeps } from '../deps';
import { settleCrmRebuilds, startCrmRebuild } from '../modules/member-facts';
import { startIntervalWorker, type IntervalWorker } from './interval-worker';

/** The China-time hour of the nightly rebuild. */
export const CRM_NIGHTLY_HOUR = 3;

/** True from 03:00 China time on (China has no daylight saving: UTC+8 all year). */
export function isNightlyDue(now: Date, hour = CRM_NIGHTLY_HOUR): boolean {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCHours() >= hour;
}

/**
 * The nightly member-facts rebuild: checks every `intervalMs` whether it is past 03:00 China time and, if
 * so, starts that day's nightly rebuild. startCrmRebuild('nightly') opens no nightly row while that China
 * day has one running or done (under a table lock), so several processes, restarts and ticks start it once
 * (one that failed, e.g. stopped by a shutdown, is tried again, three tries a day at most); a rebuild already
 * running (manual, settings) makes that day's nightly wait for the next tick. stop() ends a running rebuild
 * after its current batch (marked failed, 'stopped') and never waits for a whole one.
 */
export function startCrmNightly(deps: AppDeps, intervalMs = 60_000): IntervalWorker {
  // The first check waits one interval: a start never begins with a full rebuild (ensureMemberFactsBuilt's first
  // build already counts as that day's nightly), so start-up and an early SIGTERM stay quick.
  const worker = startIntervalWorker(
    async () => {
      const now = deps.now();
      if (!isNightlyDue(now)) return;
      const rebuild = await startCrmRebuild(deps.db, 'nightly', null, now);
      if (rebuild) deps.logger.info({ rebuildId: rebuild.id }, 'crm nightly rebuild started');
    },
    intervalMs,
    (error) => deps.logger.error({ err: error }, 'crm nightly rebuild failed to start'),
  );
  return {
    stop: async () => {
      await worker.stop();
      await settleCrmRebuilds(deps.db, { stop: true });
    },
  };
}
