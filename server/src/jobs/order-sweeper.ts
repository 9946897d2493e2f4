import crypto from 'node:crypto';
import type { AppDeps } from '../deps';
import { reconcileLatePayments } from '../flows/payment-reconcile';
import { reconcileProcessingRefunds } from '../flows/refund';
import { closeExpiredOrders } from '../modules/orders';

/**
 * The order sweeper: every `intervalMs`, applies payments whose notification is late and closes unpaid
 * orders past their payment window. Each step is a conditional, replay-safe transition, so it may run on
 * every server instance and right after a crash; a crash mid-run loses nothing (the next run finishes it).
 */
export function startOrderSweeper(deps: AppDeps, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const runOnce = async () => {
    const sc = { db: deps.db, requestId: `sweeper-${crypto.randomUUID()}`, now: deps.now(), ip: null };
    const paid = await reconcileLatePayments(sc, deps);
    const closed = await closeExpiredOrders(sc, deps);
    const refunds = await reconcileProcessingRefunds(sc, deps);
    if (paid || closed || refunds) deps.logger.info({ paid, closed, refunds }, 'order sweeper');
  };
  const tick = () => {
    if (running) return;
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'order sweeper failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
