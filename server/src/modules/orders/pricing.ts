import { quote, tierCodeSchema, type Fen, type Quote, type QuoteInput } from '@siyu/shared';
import type { Config } from '../../config';
import { AppError } from '../../lib/errors';
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

/**
 * The engine's input for a cart (no adjustments yet): lines numbered 1… in the member's order, the
 * member's tier, the store's shipping rule. Throws ORDER_LINES_UNAVAILABLE for gone or off-sale SKUs.
 */
export function buildQuoteInput(lines: CheckoutLineInput[], skus: Map<number, CheckoutSku>, tierCode: string | null, commerce: Config['commerce']): QuoteInput {
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
    shipping: { baseFeeFen: commerce.shippingFeeFen as Fen, freeThresholdFen: commerce.freeShippingThresholdFen as Fen },
    adjustments: [],
  };
}

/** Prices a cart without promotions (the shared engine, the same code the shop shows). */
export function priceCheckout(lines: CheckoutLineInput[], skus: Map<number, CheckoutSku>, tierCode: string | null, commerce: Config['commerce']): Quote {
  return quote(buildQuoteInput(lines, skus, tierCode, commerce));
}
