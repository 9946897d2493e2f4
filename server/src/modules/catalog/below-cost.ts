import { findBelowCostPrices, roleCan, type BelowCostPrice } from '@siyu/shared';
import type { StaffActor } from '../../http/types';
import { AppError } from '../../lib/errors';
import type { SkuRecord } from './repo';

/** An offending price; `skuId` is null for a SKU that does not exist yet (it is being added). */
export type BelowCostDetail = Omit<BelowCostPrice, 'skuId'> & { skuId: number | null };

/** What the audit row's `after` records when the owner sold below cost on purpose. */
export interface BelowCostConfirmation {
  belowCostConfirmed: true;
  belowCostPrices: BelowCostDetail[];
}

/** The below-cost prices of SKUs about to be sold (`id` null for a new SKU). */
export function belowCostPricesOf(skus: readonly (Omit<SkuRecord, 'id'> & { id: number | null })[]): BelowCostDetail[] {
  return skus.flatMap((sku) => findBelowCostPrices([{ ...sku, id: sku.id ?? 0 }]).map((price) => ({ ...price, skuId: sku.id })));
}

/**
 * The below-cost guard. Selling under cost is allowed only when asked for explicitly and only by the
 * owner: without `confirm` → 409 BELOW_COST_CONFIRMATION_REQUIRED listing the prices (whoever asks);
 * with it but not the owner → 403 BELOW_COST_OWNER_ONLY. Returns what to audit, or null when no
 * price is below cost. Only roles with `pricing:confirm_below_cost` (the owner) may confirm.
 */
export function guardBelowCost(actor: StaffActor, prices: BelowCostDetail[], confirm: boolean): BelowCostConfirmation | null {
  if (prices.length === 0) return null;
  if (!confirm) throw new AppError('BELOW_COST_CONFIRMATION_REQUIRED', undefined, { skus: prices });
  if (!roleCan(actor.role, 'pricing:confirm_below_cost')) throw new AppError('BELOW_COST_OWNER_ONLY', undefined, { skus: prices });
  return { belowCostConfirmed: true, belowCostPrices: prices };
}
