import type { AppDeps } from '../../deps';
import { startIntervalWorker, type IntervalWorker } from '../../jobs/interval-worker';
import { runDailyReport } from './service';

/**
 * The 日报 job: every `intervalMs` (a minute) creates yesterday's 日报 once it is past the configured China hour
 * and posts due robot messages (retries with backoff). Several processes may run it: the day's row and the
 * robot claim make every effect happen once. stop() waits for a running tick.
 */
export function startDailyReportJob(deps: AppDeps, intervalMs = 60_000): IntervalWorker {
  return startIntervalWorker(
    async () => {
      const { created, sent } = await runDailyReport(deps);
      if (created) deps.logger.info({ day: created }, 'daily report created');
      if (sent.length) deps.logger.info({ days: sent }, 'daily report posted to the WeCom robot');
    },
    intervalMs,
    (error) => deps.logger.error({ err: error }, 'daily report tick failed'),
  );
}
