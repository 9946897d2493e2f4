import crypto from 'node:crypto';
import type { AppDeps } from '../deps';
import { reconcileLatePayments } from '../flows/payment-reconcile';
import { reconcileProcessingRefunds } from '../flows/refund';
import { creditDueOrderGrowth, grantMonthlyCoupons, resumeTierReevaluations, runTierRetention } from '../modules/membership';
import { closeExpiredOrders } from '../modules/orders';
import { awardBirthdayGifts, expirePoints } from '../modules/points';

/** How often the membership chores run (tier retention, points expiry, birthday gifts). */
const MEMBERSHIP_EVERY_MS = 60 * 60 * 1000;

/**
 * The order sweeper: every `intervalMs`, applies payments whose notification is late and closes unpaid
 * orders past their payment window. Each step is a conditional, replay-safe transition, so it may run on
 * every server instance and right after a crash; a crash mid-run loses nothing (the next run finishes it).
 */
export function startOrderSweeper(deps: AppDeps, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let membershipRanAt = 0;
  const runOnce = async () => {
    const sc = { db: deps.db, requestId: `sweeper-${crypto.randomUUID()}`, now: deps.now(), ip: null };
    const paid = await reconcileLatePayments(sc, deps);
    const closed = await closeExpiredOrders(sc, deps);
    const refunds = await reconcileProcessingRefunds(sc, deps);
    const growth = await creditDueOrderGrowth(sc);
    if (paid || closed || refunds || growth) deps.logger.info({ paid, closed, refunds, growth }, 'order sweeper');
    // Membership chores are idempotent (unique source keys); hourly is enough and each run catches up.
    if (sc.now.getTime() - membershipRanAt >= MEMBERSHIP_EVERY_MS) {
      // The first run after a start also finishes a tier re-evaluation a crash cut short.
      if (membershipRanAt === 0) await resumeTierReevaluations(sc);
      membershipRanAt = sc.now.getTime();
      const expired = await expirePoints(sc);
      const tiers = await runTierRetention(sc);
      const birthdays = await awardBirthdayGifts(sc);
      const monthlyCoupons = await grantMonthlyCoupons(sc);
      if (expired || tiers.changed || birthdays || monthlyCoupons)
        deps.logger.info({ expired, tiersChanged: tiers.changed, birthdays, monthlyCoupons }, 'membership chores');
    }
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
