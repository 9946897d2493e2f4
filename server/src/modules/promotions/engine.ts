/**
 * Checkout pricing with promotions: loads every candidate the member could use on this cart (their
 * coupons, running store promotions, the promo code they typed, flash sales of the cart's SKUs),
 * lets the shared best-price solver pick the combination, and says what each candidate did. The
 * quote route and the order transaction both call it, so the order is priced exactly as quoted.
 * Reads only: reservations happen in ./reservations.ts inside the order transaction.
 */
import { and, eq, gt, inArray, isNull, lte, ne } from 'drizzle-orm';
import {
  describeReason,
  describeRule,
  ERROR_CODES,
  solvePromotions,
  STACKING_GROUP_NAMES,
  type CheckoutPromotionsView,
  type CouponChoice,
  type ErrorCode,
  type PromotionCandidate,
  type PromotionDecisionView,
  type PromotionRule,
  type PromotionScope,
  type Quote,
  type StackingGroup,
} from '@siyu/shared';
import type { Config } from '../../config';
import type { Executor } from '../../db/client';
import { couponTemplates, flashSaleMemberPurchases, flashSales, memberCoupons, orders, promoCodeMemberUses, storePromotions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findPromoCodeForCheckout } from '../live-sessions';
import { loadTiers, tierOf } from '../membership/settings';
import { buildQuoteInput, type CheckoutLineInput } from '../orders/pricing';
import type { CheckoutSku } from '../orders/repo';
import { assertTierAllowsSkus, pricePoints, tierCandidates, withTierShipping } from './membership-pricing';
import { loadPromotionSettings } from './settings';

export interface PromotionChoices {
  couponId: CouponChoice;
  shippingCouponId: CouponChoice;
  promoCode?: string | undefined;
  usePoints?: boolean | undefined;
}

/** What an order must take from promotions when it is created (what the quote used). */
export interface PromotionSelections {
  coupons: { memberCouponId: number; templateId: number; discountFen: number }[];
  promoCode: { codeId: number; code: string; sessionId: number; discountFen: number } | null;
  flashSales: { flashSaleId: number; skuId: number; quantity: number; discountFen: number }[];
  storePromotions: { id: number; discountFen: number }[];
  /** Points paying for goods (spent in the order transaction, operation key order:<id>:points). */
  points: { points: number; valueFen: number } | null;
}

export interface PricedCheckout {
  quote: Quote;
  promotions: CheckoutPromotionsView;
  selections: PromotionSelections;
  /** Flash sales of the cart's SKUs that could not apply because they are sold out or over the member's limit. */
  unavailableFlashSales: { flashSaleId: number; code: ErrorCode }[];
  /** Why the promo code the member typed does not apply (null when none typed or applied). */
  promoCodeError: ErrorCode | null;
  /** Why a coupon the member chose explicitly does not apply (threshold, scope, stacking…). */
  couponChoiceError: { memberCouponId: number; code: ErrorCode; message: string | null } | null;
}

export interface PricingRequest {
  memberId: number;
  tierCode: string | null;
  lines: CheckoutLineInput[];
  skus: Map<number, CheckoutSku>;
  commerce: Config['commerce'];
  choices: PromotionChoices;
  now: Date;
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

interface CandidateMeta {
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
): Promise<{ candidates: CandidateMeta[]; unavailable: PricedCheckout['unavailableFlashSales'] }> {
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
  const unavailable: PricedCheckout['unavailableFlashSales'] = [];
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

function choiceFor(choice: CouponChoice): string | null | undefined {
  if (choice === 'auto') return undefined;
  if (choice === 'none') return null;
  return `coupon:${String(choice)}`;
}

/** Prices the cart with the best promotions (or the member's choices) and explains every candidate. */
export async function priceWithPromotions(db: Executor, request: PricingRequest): Promise<PricedCheckout> {
  const { memberId, now, choices } = request;
  const baseInput = buildQuoteInput(request.lines, request.skus, request.tierCode, request.commerce);
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
  let promoCodeError: ErrorCode | null = null;
  if (choices.promoCode) {
    const promo = await promoCandidate(db, memberId, choices.promoCode, now);
    if ('error' in promo) promoCodeError = promo.error;
    else metas.push(promo);
  }
  const promoId = metas.find((meta) => meta.ref.kind === 'promo')?.candidate.id;
  const choice: Partial<Record<StackingGroup, string | null>> = {};
  const couponChoice = choiceFor(choices.couponId);
  if (couponChoice !== undefined) choice.coupon = couponChoice;
  const shippingChoice = choiceFor(choices.shippingCouponId);
  if (shippingChoice !== undefined) choice.shipping_coupon = shippingChoice;
  // A typed code is the member's explicit choice: applied if it can be, explained if not.
  if (promoId) choice.promo_code = promoId;

  const result = solvePromotions({
    input: { ...input, member: input.member ? { ...input.member, isNewCustomer: newCustomer } : null },
    candidates: metas.map((meta) => meta.candidate),
    matrix: settings.stackingMatrix,
    choice,
  });
  const byId = new Map(metas.map((meta) => [meta.candidate.id, meta]));
  const appliedFen = new Map(result.quote.adjustments.map((adjustment) => [adjustment.id, adjustment.appliedFen]));
  if (promoId && !result.chosenIds.includes(promoId) && promoCodeError === null) {
    const decision = result.decisions[promoId];
    promoCodeError = decision?.status === 'not_applicable' ? (decision.reason.code as ErrorCode) : 'PROMOTION_NOT_COMBINABLE';
  }

  const selections: PromotionSelections = { coupons: [], promoCode: null, flashSales: [], storePromotions: [], points: null };
  for (const id of result.chosenIds) {
    const meta = byId.get(id);
    if (!meta) continue;
    const discountFen = appliedFen.get(id) ?? 0;
    if (meta.ref.kind === 'coupon') selections.coupons.push({ memberCouponId: meta.ref.memberCouponId, templateId: meta.ref.templateId, discountFen });
    else if (meta.ref.kind === 'store') selections.storePromotions.push({ id: meta.ref.id, discountFen });
    else if (meta.ref.kind === 'tier') continue;
    else if (meta.ref.kind === 'promo') selections.promoCode = { codeId: meta.ref.codeId, code: meta.ref.code, sessionId: meta.ref.sessionId, discountFen };
    else {
      const skuId = meta.ref.skuId;
      const line = request.lines.find((entry) => entry.skuId === skuId);
      selections.flashSales.push({ flashSaleId: meta.ref.flashSaleId, skuId, quantity: Math.min(line?.quantity ?? 0, meta.ref.maxQuantity), discountFen });
    }
  }

  const lineNumberOf = new Map(input.lines.map((line, index) => [line.lineId, index + 1]));
  const decisions: PromotionDecisionView[] = metas.map((meta) => {
    const decision = result.decisions[meta.candidate.id];
    const base = { candidateId: meta.candidate.id, group: meta.candidate.group, label: meta.candidate.label };
    if (!decision) return { ...base, status: 'not_chosen', amountFen: 0, code: null, message: null };
    switch (decision.status) {
      case 'applied':
        return { ...base, status: 'applied', amountFen: decision.amountFen, code: null, message: null };
      case 'not_applicable':
        return { ...base, status: 'not_applicable', amountFen: 0, code: decision.reason.code, message: describeReason(decision.reason) };
      case 'not_combinable': {
        const lines = decision.lineIds.map((lineId) => lineNumberOf.get(lineId) ?? 0).sort((a, b) => a - b);
        const where = lines.length > 0 ? `（第${lines.join('、')}行）` : '';
        return {
          ...base,
          status: 'not_combinable',
          amountFen: 0,
          code: 'PROMOTION_NOT_COMBINABLE',
          message: `不能与${STACKING_GROUP_NAMES[decision.withGroup]}同享${where}`,
        };
      }
      default:
        return { ...base, status: 'not_chosen', amountFen: decision.standaloneSavingFen, code: null, message: '已为您选择更优惠的组合' };
    }
  });
  for (const entry of flash.unavailable) {
    decisions.push({
      candidateId: `flash:${String(entry.flashSaleId)}`,
      group: 'flash_sale',
      label: '秒杀',
      status: 'unavailable',
      amountFen: 0,
      code: entry.code,
      message: entry.code === 'FLASH_SALE_SOLD_OUT' ? '秒杀商品已抢光，按原价计算' : '已达秒杀限购数量，按原价计算',
    });
  }

  const couponViews: CheckoutPromotionsView['coupons'] = coupons.map((meta) => {
    const decision = decisions.find((entry) => entry.candidateId === meta.candidate.id);
    const usable = decision !== undefined && (decision.status === 'applied' || decision.status === 'not_chosen' || decision.status === 'not_combinable');
    return {
      memberCouponId: meta.ref.kind === 'coupon' ? meta.ref.memberCouponId : 0,
      name: meta.candidate.label,
      ruleText: describeRule(meta.candidate.rule),
      stackingGroup: meta.candidate.group as 'coupon' | 'shipping_coupon',
      expiresAt: meta.ref.kind === 'coupon' ? meta.ref.expiresAt.toISOString() : '',
      usable: usable && decision?.status !== 'not_combinable',
      savingFen: decision?.amountFen ?? 0,
      message: decision?.message ?? null,
    };
  });
  const chosenCoupon = (group: 'coupon' | 'shipping_coupon') =>
    selections.coupons.find((entry) => byId.get(`coupon:${String(entry.memberCouponId)}`)?.candidate.group === group)?.memberCouponId ?? null;
  const promoMeta = promoId ? byId.get(promoId) : undefined;
  const promotions: CheckoutPromotionsView = {
    decisions,
    coupons: couponViews,
    chosen: {
      couponId: chosenCoupon('coupon'),
      shippingCouponId: chosenCoupon('shipping_coupon'),
      promoCode: selections.promoCode?.code ?? null,
      flashSaleIds: selections.flashSales.map((entry) => entry.flashSaleId),
      storePromotionIds: selections.storePromotions.map((entry) => entry.id),
    },
    promoCode: choices.promoCode
      ? {
          code: choices.promoCode,
          status: selections.promoCode ? 'applied' : 'rejected',
          errorCode: selections.promoCode ? null : promoCodeError,
          message: selections.promoCode
            ? null
            : (decisions.find((entry) => entry.candidateId === promoId)?.message ?? (promoCodeError ? ERROR_CODES[promoCodeError].message : null)),
          liveSessionId: promoMeta?.ref.kind === 'promo' ? promoMeta.ref.sessionId : null,
        }
      : null,
    bestPayableFen: result.best.payableTotalFen,
    choiceDeltaFen: result.choiceDeltaFen,
    explanation: result.explanation,
    points: null,
    tier: null,
  };
  let couponChoiceError: PricedCheckout['couponChoiceError'] = null;
  for (const chosen of [choices.couponId, choices.shippingCouponId]) {
    if (typeof chosen !== 'number' || couponChoiceError) continue;
    const decision = decisions.find((entry) => entry.candidateId === `coupon:${String(chosen)}`);
    if (decision && decision.status !== 'applied')
      couponChoiceError = { memberCouponId: chosen, code: (decision.code ?? 'PROMOTION_NOT_COMBINABLE') as ErrorCode, message: decision.message };
  }
  const points = await pricePoints(db, memberId, now, input, result.quote, choices.usePoints === true);
  selections.points = points.used > 0 ? { points: points.used, valueFen: points.valueFen } : null;
  promotions.points = points.view;
  // The quote's own lines come from the final quote (with points); the solver's lines about candidates follow.
  if (points.quote !== result.quote) promotions.explanation = [...points.quote.explanation, ...result.explanation.slice(result.quote.explanation.length)];
  promotions.tier =
    tier && (tier.discountBp > 0 || tier.freeShippingThresholdFen !== null)
      ? { code: tier.code, name: tier.name, discountBp: tier.discountBp, freeShippingThresholdFen: tier.freeShippingThresholdFen }
      : null;
  return { quote: points.quote, promotions, selections, unavailableFlashSales: flash.unavailable, promoCodeError, couponChoiceError };
}
