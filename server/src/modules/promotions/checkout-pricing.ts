/**
 * The one pricing function of checkout: the quote (POST /api/checkout/quote) and order creation
 * (POST /api/orders, inside its transaction) both price a cart through `priceCheckout`, so an order is
 * priced exactly as it was quoted. It takes one input object so that new inputs (a shipping address for
 * shipping templates, …) are added as fields without reshaping the callers.
 */
import type { Config } from '../../config';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { findMemberById, type MemberRow } from '../members';
import { resolveCheckoutShipping, type CheckoutLineInput } from '../orders/pricing';
import { loadCheckoutSkus, type CheckoutSku } from '../orders/repo';
import { priceWithPromotions, type PricedCheckout, type PromotionChoices } from './engine';

/** What a checkout is priced from. */
export interface CheckoutPricingInput {
  memberId: number;
  /** The member's lines, in their order (line numbers 1… follow it). */
  lines: CheckoutLineInput[];
  /** Coupons ('auto' / 'none' / an id), the typed live code, points. */
  choices: PromotionChoices;
  commerce: Config['commerce'];
  now: Date;
  /** Where the order goes (shipping templates price by province); without it the member's default address. */
  addressId?: number | null;
}

export interface CheckoutPricing extends PricedCheckout {
  member: MemberRow;
  /** The lines' SKUs as priced (the order snapshots and reserves them). */
  skus: Map<number, CheckoutSku>;
}

/** Loads the member and the SKUs, then prices the cart with promotions: the quote and the order both call this. */
export async function priceCheckout(db: Executor, input: CheckoutPricingInput): Promise<CheckoutPricing> {
  const member = await findMemberById(db, input.memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const skus = await loadCheckoutSkus(
    db,
    input.lines.map((line) => line.skuId),
  );
  const shipping = await resolveCheckoutShipping(db, {
    memberId: input.memberId,
    addressId: input.addressId,
    lines: input.lines,
    skus,
    tierCode: member.tierCode,
    commerce: input.commerce,
  });
  const priced = await priceWithPromotions(db, {
    memberId: input.memberId,
    tierCode: member.tierCode,
    lines: input.lines,
    skus,
    commerce: input.commerce,
    shipping,
    choices: input.choices,
    now: input.now,
  });
  return { ...priced, member, skus };
}

/** The choices part of a quote or order body. */
export function choicesOf(body: PromotionChoices): PromotionChoices {
  return { couponId: body.couponId, shippingCouponId: body.shippingCouponId, promoCode: body.promoCode, usePoints: body.usePoints };
}
