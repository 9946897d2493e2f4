/**
 * The load step of checkout pricing: every candidate the member could use on this cart (their coupons,
 * running store promotions, the promo code they typed, flash sales of the cart's SKUs, the tier
 * discount) with what each refers to, and the facts the solver needs. Reads only.
 */
import { and, eq, gt, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { ErrorCode, PromotionCandidate, PromotionRule, PromotionScope, QuoteInput, StackingGroup, StackingMatrix, Tier } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { couponTemplates, flashSaleMemberPurchases, flashSales, memberCoupons, orders, promoCodeMemberUses, storePromotions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findPromoCodeForCheckout } from '../live-sessions';
import { loadTiers, tierOf } from '../membership/settings';
import { buildQuoteInput } from '../orders/pricing';
import { assertTierAllowsSkus, tierCandidates, withTierShipping } from './membership-pricing';
import type { PricingRequest } from './engine';
import { loadPromotionSettings } from './settings';

/** A flash sale of the cart that cannot apply, and why. */
export interface UnavailableFlashSale {
  flashSaleId: number;
  code: ErrorCode;
}

/** A member's first order: no order of theirs other than cancelled ones. */
async function isNewCustomer(db: Executor, memberId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.memberId, memberId), ne(orders.status, 'cancelled')))
    .limit(1);
  return row === undefined;
}

export interface CandidateMeta {
  candidate: PromotionCandidate;
  ref:
    | { kind: 'coupon'; memberCouponId: number; templateId: number; expiresAt: Date }
    | { kind: 'store'; id: number }
    | { kind: 'tier' }
    | { kind: 'promo'; codeId: number; code: string; sessionId: number }
    | { kind: 'flash'; flashSaleId: number; skuId: number; maxQuantity: number };
}

async function couponCandidates(db: Executor, memberId: number, now: Date): Promise<CandidateMeta[]> {
  const rows = await db
    .select({
      coupon: memberCoupons,
      template: { name: couponTemplates.name, rule: couponTemplates.rule, scope: couponTemplates.scope, stackingGroup: couponTemplates.stackingGroup },
    })
    .from(memberCoupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, memberCoupons.templateId))
    .where(
      and(eq(memberCoupons.memberId, memberId), eq(memberCoupons.status, 'available'), lte(memberCoupons.validFrom, now), gt(memberCoupons.expiresAt, now)),
    )
    .orderBy(memberCoupons.expiresAt, memberCoupons.id)
    .limit(200);
  return rows.map(({ coupon, template }) => ({
    candidate: {
      id: `coupon:${String(coupon.id)}`,
      group: template.stackingGroup as StackingGroup,
      kind: 'coupon',
      label: template.name,
      rule: template.rule as PromotionRule,
      scope: template.scope as PromotionScope,
      rank: coupon.expiresAt.getTime(),
    },
    ref: { kind: 'coupon', memberCouponId: coupon.id, templateId: coupon.templateId, expiresAt: coupon.expiresAt },
  }));
}

async function storeCandidates(db: Executor, now: Date): Promise<CandidateMeta[]> {
  const rows = await db
    .select()
    .from(storePromotions)
    .where(
      and(
        eq(storePromotions.status, 'active'),
        lte(storePromotions.startsAt, now),
        gt(storePromotions.endsAt, now),
        inArray(storePromotions.approvalStatus, ['not_required', 'approved']),
      ),
    );
  return rows.map((row) => ({
    candidate: {
      id: `store:${String(row.id)}`,
      group: 'store_promotion',
      kind: 'promotion',
      label: row.name,
      rule: row.rule as PromotionRule,
      scope: row.scope as PromotionScope,
      rank: row.id,
    },
    ref: { kind: 'store', id: row.id },
  }));
}

/**
 * The typed promo code as a candidate, or why it cannot be used now: unknown, stopped, not approved,
 * before the session, after it (plus grace) or ended early, total cap or this member's cap reached.
 */
async function promoCandidate(db: Executor, memberId: number, code: string, now: Date): Promise<CandidateMeta | { error: ErrorCode }> {
  const found = await findPromoCodeForCheckout(db, code, now);
  if ('error' in found) return found;
  const { codeRow: row, session } = found;
  if (row.totalCap !== null && row.usedCount >= row.totalCap) return { error: 'PROMO_CODE_CAP_REACHED' };
  const [uses] = await db
    .select({ count: promoCodeMemberUses.count })
    .from(promoCodeMemberUses)
    .where(and(eq(promoCodeMemberUses.codeId, row.id), eq(promoCodeMemberUses.memberId, memberId)));
  if ((uses?.count ?? 0) >= row.perMemberCap) return { error: 'PROMO_CODE_MEMBER_CAP_REACHED' };
  return {
    candidate: {
      id: `promo:${String(row.id)}`,
      group: 'promo_code',
      kind: 'promo_code',
      label: `直播优惠码 ${row.code}`,
      rule: row.rule as PromotionRule,
      scope: row.scope as PromotionScope,
      rank: row.id,
    },
    ref: { kind: 'promo', codeId: row.id, code: row.code, sessionId: session.id },
  };
}

/** Running, approved flash sales of the cart's SKUs, each capped at the units left and the member's allowance. */
async function flashCandidates(
  db: Executor,
  memberId: number,
  skuIds: number[],
  now: Date,
): Promise<{ candidates: CandidateMeta[]; unavailable: UnavailableFlashSale[] }> {
  const rows = await db
    .select()
    .from(flashSales)
    .where(
      and(
        inArray(flashSales.skuId, skuIds),
        lte(flashSales.startsAt, now),
        gt(flashSales.endsAt, now),
        isNull(flashSales.stoppedAt),
        inArray(flashSales.approvalStatus, ['not_required', 'approved']),
      ),
    );
  if (rows.length === 0) return { candidates: [], unavailable: [] };
  const bought = await db
    .select()
    .from(flashSaleMemberPurchases)
    .where(
      and(
        eq(flashSaleMemberPurchases.memberId, memberId),
        inArray(
          flashSaleMemberPurchases.flashSaleId,
          rows.map((row) => row.id),
        ),
      ),
    );
  const candidates: CandidateMeta[] = [];
  const unavailable: UnavailableFlashSale[] = [];
  for (const row of rows) {
    const unitsLeft = row.totalUnits - row.soldUnits;
    const allowance = row.perMemberLimit - (bought.find((entry) => entry.flashSaleId === row.id)?.quantity ?? 0);
    if (unitsLeft <= 0) unavailable.push({ flashSaleId: row.id, code: 'FLASH_SALE_SOLD_OUT' });
    else if (allowance <= 0) unavailable.push({ flashSaleId: row.id, code: 'FLASH_SALE_LIMIT_EXCEEDED' });
    else {
      const maxQuantity = Math.min(unitsLeft, allowance);
      candidates.push({
        candidate: {
          id: `flash:${String(row.id)}`,
          group: 'flash_sale',
          kind: 'flash_sale',
          label: `秒杀 ${row.title}`,
          rule: { kind: 'flash_price', skuId: row.skuId, priceFen: row.flashPriceFen, maxQuantity } as PromotionRule,
          scope: { kind: 'all' },
          rank: row.id,
        },
        ref: { kind: 'flash', flashSaleId: row.id, skuId: row.skuId, maxQuantity },
      });
    }
  }
  return { candidates, unavailable };
}

/** The member's explicit coupon must be theirs and usable now; otherwise a precise error. */
async function assertChosenCoupon(db: Executor, memberId: number, memberCouponId: number, now: Date): Promise<void> {
  const [row] = await db
    .select()
    .from(memberCoupons)
    .where(and(eq(memberCoupons.id, memberCouponId), eq(memberCoupons.memberId, memberId)));
  if (!row) throw new AppError('COUPON_NOT_FOUND');
  if (row.status !== 'available') throw new AppError('COUPON_NOT_AVAILABLE', undefined, { memberCouponId });
  if (row.expiresAt <= now) throw new AppError('COUPON_EXPIRED', undefined, { memberCouponId });
  if (row.validFrom > now) throw new AppError('COUPON_NOT_STARTED', undefined, { memberCouponId, validFrom: row.validFrom.toISOString() });
}

/** Everything the solver and the later steps need, read once. */
export interface LoadedPricing {
  /** The cart as the engine prices it (tier shipping perk applied). */
  input: QuoteInput;
  isNewCustomer: boolean;
  tier: Tier | null;
  matrix: StackingMatrix;
  /** Every candidate, the typed code's included when it could be looked up. */
  metas: CandidateMeta[];
  coupons: CandidateMeta[];
  unavailableFlashSales: UnavailableFlashSale[];
  /** The typed code's candidate id, when it is one. */
  promoId: string | null;
  /** Why the typed code is not a candidate (unknown, stopped, outside its session, capped). */
  promoLookupError: ErrorCode | null;
}

/** Loads the candidates and facts for one pricing; throws the precise error for a chosen coupon that is not usable. */
export async function loadPricing(db: Executor, request: PricingRequest): Promise<LoadedPricing> {
  const { memberId, now, choices } = request;
  const baseInput = buildQuoteInput(request.lines, request.skus, request.tierCode, request.commerce, request.shipping);
  const tiers = await loadTiers(db);
  const tier = request.tierCode ? tierOf(tiers, request.tierCode) : null;
  assertTierAllowsSkus(request.lines, request.skus, tier);
  const input = { ...baseInput, shipping: withTierShipping(baseInput.shipping, tier) };
  for (const choice of [choices.couponId, choices.shippingCouponId]) {
    if (typeof choice === 'number') await assertChosenCoupon(db, memberId, choice, now);
  }
  // One after the other: inside the order transaction they share one connection.
  const settings = await loadPromotionSettings(db);
  const newCustomer = await isNewCustomer(db, memberId);
  const coupons = await couponCandidates(db, memberId, now);
  // The chosen coupon passed its check above, but another order may have taken it since (read committed):
  // a lost race is the coupon's business code, never a pricing bug.
  for (const chosen of [choices.couponId, choices.shippingCouponId]) {
    if (typeof chosen === 'number' && !coupons.some((meta) => meta.ref.kind === 'coupon' && meta.ref.memberCouponId === chosen)) {
      throw new AppError('COUPON_NOT_AVAILABLE', undefined, { memberCouponId: chosen });
    }
  }
  const stores = await storeCandidates(db, now);
  const flash = await flashCandidates(
    db,
    memberId,
    request.lines.map((line) => line.skuId),
    now,
  );
  const metas: CandidateMeta[] = [
    ...flash.candidates,
    ...tierCandidates(tier, request.lines, request.skus).map((candidate) => ({ candidate, ref: { kind: 'tier' as const } })),
    ...stores,
    ...coupons,
  ];
  let promoLookupError: ErrorCode | null = null;
  let promoId: string | null = null;
  if (choices.promoCode) {
    const promo = await promoCandidate(db, memberId, choices.promoCode, now);
    if ('error' in promo) promoLookupError = promo.error;
    else {
      metas.push(promo);
      promoId = promo.candidate.id;
    }
  }
  return {
    input,
    isNewCustomer: newCustomer,
    tier,
    matrix: settings.stackingMatrix,
    metas,
    coupons,
    unavailableFlashSales: flash.unavailable,
    promoId,
    promoLookupError,
  };
}
