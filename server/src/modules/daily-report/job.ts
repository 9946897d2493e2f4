import type { AppDeps } from '../../deps';
import { runDailyReport } from './service';

/**
 * The 日报 job: every `intervalMs` (a minute) creates yesterday's 日报 once it is past the configured China hour
 * and posts due robot messages (retries with backoff). Several processes may run it: the day's row and the
 * robot claim make every effect happen once. stop() waits for a running tick.
 */
export function startDailyReportJob(deps: AppDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDailyReport(deps)
      .then(({ created, sent }) => {
        if (created) deps.logger.info({ day: created }, 'daily report created');
        if (sent.length) deps.logger.info({ days: sent }, 'daily report posted to the WeCom robot');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'daily report tick failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
