import { chinaDate } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { ensureBehaviourPartitions, purgeBehaviourPartitions, type Month } from './partitions';

/** Makes the coming monthly partitions and drops those past retention (start-up and once a China day). */
export async function runBehaviourMaintenance(deps: Pick<AppDeps, 'db' | 'now' | 'logger'>): Promise<{ created: Month[]; dropped: Month[] }> {
  const now = deps.now();
  const created = await ensureBehaviourPartitions(deps.db, now);
  const dropped = await purgeBehaviourPartitions(deps.db, now);
  if (created.length > 0 || dropped.length > 0) deps.logger.info({ created, dropped }, 'behaviour event partitions maintained');
  return { created, dropped };
}

/**
 * The daily partition upkeep: checks every `intervalMs` (default an hour) and runs once per China day (the
 * start-up run counts as today's). Both steps are idempotent and lock-guarded, so several processes may run it.
 * stop() waits for a run in progress.
 */
export function startBehaviourMaintenance(deps: Pick<AppDeps, 'db' | 'now' | 'logger'>, intervalMs = 3_600_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastDay = chinaDate(deps.now());
  const tick = () => {
    if (running || stopped) return;
    const day = chinaDate(deps.now());
    if (day === lastDay) return;
    running = runBehaviourMaintenance(deps)
      .then(() => {
        lastDay = day;
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'behaviour event partition upkeep failed'))
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
