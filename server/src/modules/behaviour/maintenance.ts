import { chinaDate } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { startIntervalWorker, type IntervalWorker } from '../../jobs/interval-worker';
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
export function startBehaviourMaintenance(deps: Pick<AppDeps, 'db' | 'now' | 'logger'>, intervalMs = 3_600_000): IntervalWorker {
  let lastDay = chinaDate(deps.now());
  return startIntervalWorker(
    async () => {
      const day = chinaDate(deps.now());
      if (day === lastDay) return;
      await runBehaviourMaintenance(deps);
      lastDay = day;
    },
    intervalMs,
    (error) => deps.logger.error({ err: error }, 'behaviour event partition upkeep failed'),
  );
}
