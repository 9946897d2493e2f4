import type { AppDeps } from '../../deps';
import { dispatchDue } from './dispatcher';
import { bridgeNotices } from './notices';
import { bridgeRestocks } from '../subscriptions/restock';

const TICK_MS = 1000;
const BATCH = 200;
/** Runs of one tick at most (a backlog is worked through over the next ticks, without starving the process). */
const MAX_RUNS_PER_TICK = 50;

/**
 * The messaging worker: every second (unref'd timer) bridges new member notices and 到货提醒 (products back in
 * stock) into intents and dispatches due intents until none are due. `kick()` runs a tick now (after an intent
 * was written). Safe on several instances at once: claims use FOR UPDATE SKIP LOCKED.
 */
export function startMessaging(deps: AppDeps, intervalMs = TICK_MS): { stop(): Promise<void>; kick(): void } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const runOnce = async () => {
    const bridged = await bridgeNotices(deps.db, deps.now());
    if (bridged) deps.logger.info({ bridged }, 'member notices to the message center');
    const restocked = await bridgeRestocks(deps.db, deps.now());
    if (restocked) deps.logger.info({ restocked }, '到货提醒 written');
    for (let run = 0; run < MAX_RUNS_PER_TICK && !stopped; run += 1) {
      const result = await dispatchDue(deps, deps.now(), BATCH);
      if (result.sent || result.skipped || result.failed) deps.logger.debug({ ...result }, 'messages dispatched');
      if (result.claimed < BATCH) break;
    }
  };
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'messaging dispatch failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    kick: tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
