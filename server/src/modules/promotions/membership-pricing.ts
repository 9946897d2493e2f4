/**
 * What membership adds to checkout pricing: the tier discount as the `member_discount` candidate,
 * the tier's free-shipping threshold, exclusive SKUs, and points paying for goods after promotions.
 */
import {
  describeRule,
  maxPointsForPayable,
  meetsMinTier,
  quote,
  subFen,
  toFen,
  type Adjustment,
  type Fen,
  type PromotionCandidate,
  type PromotionRule,
  type Quote,
  type QuoteInput,
  type ShippingRule,
  type Tier,
  type TierCode,
} from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { loadMembershipSettings } from '../membership/settings';
import type { CheckoutLineInput } from '../orders/pricing';
import type { CheckoutSku } from '../orders/repo';
import { availablePoints } from '../points';

/**
 * The member's tier discount as the `member_discount` candidate of the stacking model, on the products
 * whose SKU is not already priced for the tier (a 钻石价 is the tier's benefit on that SKU).
 */
export function tierCandidates(tier: Tier | null, lines: readonly CheckoutLineInput[], skus: ReadonlyMap<number, CheckoutSku>): PromotionCandidate[] {
  if (!tier || tier.discountBp <= 0) return [];
  const productIds = [
    ...new Set(
      lines.flatMap((line) => {
        const sku = skus.get(line.skuId);
        return sku && sku.tierPrices[tier.code] === undefined ? [sku.productId] : [];
      }),
    ),
  ];
  if (productIds.length === 0) return [];
  const rule = { kind: 'tier_discount', tiers: { [tier.code]: tier.discountBp } } as PromotionRule;
  return [
    {
      id: `tier:${tier.code}`,
      group: 'member_discount',
      kind: 'member_discount',
      label: `${tier.name}会员 ${describeRule(rule)}`,
      rule,
      scope: { kind: 'products', productIds },
      rank: 0,
    },
  ];
}

/** Exclusive SKUs: only members at or above the SKU's tier may buy them. */
export function assertTierAllowsSkus(lines: readonly CheckoutLineInput[], skus: ReadonlyMap<number, CheckoutSku>, tier: Tier | null): void {
  const locked = lines.flatMap((line) => {
    const minTier = skus.get(line.skuId)?.minTier ?? null;
    return minTier !== null && !meetsMinTier(tier?.code ?? null, minTier as TierCode) ? [{ skuId: line.skuId, minTier }] : [];
  });
  if (locked.length > 0) throw new AppError('SKU_TIER_REQUIRED', undefined, { lines: locked });
}

/** A tier's free-shipping perk lowers the store's threshold for its members. */
export function withTierShipping(shipping: ShippingRule, tier: Tier | null): ShippingRule {
  const tierThreshold = tier?.freeShippingThresholdFen ?? null;
  const storeThreshold = shipping.freeThresholdFen;
  if (tierThreshold === null) return shipping;
  return { ...shipping, freeThresholdFen: storeThreshold === null ? tierThreshold : (Math.min(tierThreshold, storeThreshold) as Fen) };
}

/** Rebuilds the solver's adjustments as engine input (exact per-line amounts), to add points after them. */
function adjustmentsOf(priced: Quote): Adjustment[] {
  return priced.adjustments.map((applied) => {
    if (applied.target === 'shipping')
      return { id: applied.id, kind: applied.kind, label: applied.label, amountFen: applied.appliedFen, appliesToShipping: true };
    const lineAmounts = priced.lines.flatMap((line) =>
      line.adjustments.filter((share) => share.adjustmentId === applied.id).map((share) => ({ lineId: line.lineId, amountFen: share.amountFen })),
    );
    return lineAmounts.length > 0
      ? { id: applied.id, kind: applied.kind, label: applied.label, amountFen: applied.appliedFen, lineAmounts }
      : { id: applied.id, kind: applied.kind, label: applied.label, amountFen: toFen(0) };
  });
}

/** What points pricing reads: the redemption settings and the member's available points. */
export interface PointsBalance {
  settings: Awaited<ReturnType<typeof loadMembershipSettings>>;
  available: number;
}

/** Reads the member's points and the redemption settings once per pricing. */
export async function loadPointsBalance(db: Executor, memberId: number, now: Date): Promise<PointsBalance> {
  const settings = await loadMembershipSettings(db);
  return { settings, available: await availablePoints(db, memberId, now) };
}

/**
 * Points at checkout: the most this order may take (a share of the goods left after promotions, and
 * what the member has available), applied last when the member asks for it. Pure.
 */
export function applyPoints(balance: PointsBalance, input: QuoteInput, priced: Quote, usePoints: boolean) {
  const { settings, available } = balance;
  const goodsPayableFen = subFen(priced.payableTotalFen, priced.shippingFeeFen);
  const usable = maxPointsForPayable(goodsPayableFen, available, settings);
  const base = { available, usable: usable.points, usableValueFen: usable.valueFen, pointsPerYuan: settings.pointsPerYuanRedeemed };
  if (!usePoints || usable.points <= 0) return { quote: priced, used: 0, valueFen: 0, view: { ...base, used: 0, valueFen: 0 } };
  const points: Adjustment = { id: 'points', kind: 'points', label: `积分抵扣（${String(usable.points)}积分）`, amountFen: usable.valueFen };
  const withPoints = quote({ ...input, adjustments: [...adjustmentsOf(priced), points] });
  return { quote: withPoints, used: usable.points, valueFen: usable.valueFen, view: { ...base, used: usable.points, valueFen: usable.valueFen } };
}
