import type { CheckoutPromotionsView, Quote, QuoteBody } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { withPromoCodeAttempts } from '../live-sessions';
import { choicesOf, priceCheckout } from './checkout-pricing';

export type CheckoutQuote = Quote & { promotions: CheckoutPromotionsView };

/** POST /api/checkout/quote: the cart priced with the best promotions, or the member's choices, explained. */
export async function quoteCheckout(sc: ServiceContext, deps: AppDeps, memberId: number, body: QuoteBody): Promise<CheckoutQuote> {
  const priced = await withPromoCodeAttempts(
    sc,
    memberId,
    body.promoCode,
    () =>
      priceCheckout(sc.db, { memberId, lines: body.lines, choices: choicesOf(body), commerce: deps.config.commerce, now: sc.now, addressId: body.addressId }),
    (result) => result.promoCodeError === 'PROMO_CODE_INVALID',
  );
  return { ...priced.quote, promotions: priced.promotions };
}
