import { orderGrowthFull } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { orderGrowthKey } from './growth';
import { findEntryByKey } from './repo';
import { loadMembershipSettings } from './settings';

/**
 * The growth an order brings: the booked entry once credited, else what the credit will book (full
 * growth of what was paid), with how it is credited (on completion, or N days after payment).
 */
export async function orderGrowthOutlook(
  db: Executor,
  order: { id: number; payableFen: number; paidAt: Date | null },
): Promise<{ growth: number; isCredited: boolean; creditDelayDays: number | null }> {
  const settings = await loadMembershipSettings(db);
  const entry = await findEntryByKey(db, orderGrowthKey(order.id));
  if (entry) return { growth: entry.delta, isCredited: true, creditDelayDays: settings.growthCreditDelayDays };
  const growth = order.paidAt ? orderGrowthFull(order.payableFen, settings.growthPerYuan) : 0;
  return { growth, isCredited: false, creditDelayDays: settings.growthCreditDelayDays };
}
