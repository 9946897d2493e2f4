import { mulFen, quote, resolveSkuPrice, tierCodeSchema, type Fen, type Quote, type QuoteInput, type ShippingRule } from '@siyu/shared';
import type { Config } from '../../config';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { resolveShippingRule } from '../shipping';
import type { CheckoutSku } from './repo';

export interface CheckoutLineInput {
  skuId: number;
  quantity: number;
}

/** Why a line cannot be bought now. */
export interface UnavailableLine {
  skuId: number;
  reason: 'not_found' | 'off_sale';
}

/** Lines whose SKU is gone or whose product is not on sale (409 ORDER_LINES_UNAVAILABLE lists them). */
export function unavailableLines(lines: CheckoutLineInput[], skus: Map<number, CheckoutSku>): UnavailableLine[] {
  const problems: UnavailableLine[] = [];
  for (const line of lines) {
    const sku = skus.get(line.skuId);
    if (!sku || sku.isDeleted) problems.push({ skuId: line.skuId, reason: 'not_found' });
    else if (sku.productStatus !== 'on_sale') problems.push({ skuId: line.skuId, reason: 'off_sale' });
  }
  return problems;
}

/** The store's flat shipping rule from the config (SHIPPING_FEE_FEN, FREE_SHIPPING_THRESHOLD_FEN): used while no template exists. */
export function flatShippingRule(commerce: Config['commerce']): ShippingRule {
  return { baseFeeFen: commerce.shippingFeeFen as Fen, freeThresholdFen: commerce.freeShippingThresholdFen as Fen };
}

/**
 * Checkout step "resolve shipping": the shipping templates for the cart and its destination (the chosen
 * address, else the member's default one), or the flat rule while the store has no template. Lines are
 * numbered as buildQuoteInput numbers them; unavailable lines are left to buildQuoteInput's error.
 * Throws SHIPPING_REGION_UNSUPPORTED for lines that cannot be sent there.
 */
export async function resolveCheckoutShipping(
  db: Executor,
  request: {
    memberId: number;
    addressId?: number | null;
    lines: CheckoutLineInput[];
    skus: Map<number, CheckoutSku>;
    tierCode: string | null;
    commerce: Config['commerce'];
  },
): Promise<ShippingRule> {
  const member = request.tierCode ? { tierCode: tierCodeSchema.parse(request.tierCode) } : null;
  const lines = request.lines.flatMap((line, index) => {
    const sku = request.skus.get(line.skuId);
    if (!sku) return [];
    const prices = {
      publicPriceFen: sku.publicPriceFen as Fen,
      privatePriceFen: sku.privatePriceFen as Fen,
      tierPrices: sku.tierPrices as Record<string, Fen>,
    };
    const goodsFen = mulFen(resolveSkuPrice(prices, member).unitPriceFen, line.quantity);
    return [{ lineId: String(index + 1), skuId: sku.skuId, productId: sku.productId, title: sku.title, quantity: line.quantity, goodsFen }];
  });
  return resolveShippingRule(db, { memberId: request.memberId, addressId: request.addressId ?? null, lines, fallback: flatShippingRule(request.commerce) });
}

/**
 * The engine's input for a cart (no adjustments yet): lines numbered 1… in the member's order, the
 * member's tier, the shipping rule (resolveCheckoutShipping's, else the store's flat rule). Throws
 * ORDER_LINES_UNAVAILABLE for gone or off-sale SKUs.
 */
export function buildQuoteInput(
  lines: CheckoutLineInput[],
  skus: Map<number, CheckoutSku>,
  tierCode: string | null,
  commerce: Config['commerce'],
  shipping: ShippingRule = flatShippingRule(commerce),
): QuoteInput {
  const problems = unavailableLines(lines, skus);
  if (problems.length > 0) throw new AppError('ORDER_LINES_UNAVAILABLE', undefined, { lines: problems });
  return {
    lines: lines.map((line, index) => {
      const sku = skus.get(line.skuId) as CheckoutSku;
      return {
        lineId: String(index + 1),
        skuId: sku.skuId,
        productId: sku.productId,
        categoryId: sku.categoryId,
        quantity: line.quantity,
        sku: { publicPriceFen: sku.publicPriceFen as Fen, privatePriceFen: sku.privatePriceFen as Fen, tierPrices: sku.tierPrices as Record<string, Fen> },
      };
    }),
    member: tierCode ? { tierCode: tierCodeSchema.parse(tierCode) } : null,
    shipping,
    adjustments: [],
  };
}

/** Prices a cart without promotions (the shared engine, the same code the shop shows). */
export function priceCheckout(lines: CheckoutLineInput[], skus: Map<number, CheckoutSku>, tierCode: string | null, commerce: Config['commerce']): Quote {
  return quote(buildQuoteInput(lines, skus, tierCode, commerce));
}
