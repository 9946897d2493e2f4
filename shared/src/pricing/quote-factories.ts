import type { Fen } from '../money';
import type { TierCode } from '../members/tiers';
import type { Adjustment, QuoteInput, QuoteLineInput } from './quote-schema';

// Test factories for quote inputs (used by the pricing tests; plain data, no test framework).

/** A cart line: one unit of a ¥55.00 SKU (public ¥69.00), ids derived from `lineId`. */
export function buildQuoteLine(overrides: Partial<QuoteLineInput> & { lineId: string }): QuoteLineInput {
  return {
    skuId: 100 + Number(overrides.lineId.replace(/\D/g, '') || 0),
    productId: 10,
    categoryId: 1,
    quantity: 1,
    sku: { publicPriceFen: 6900 as Fen, privatePriceFen: 5500 as Fen },
    ...overrides,
  };
}

/** A goods adjustment over every line unless `scope` says otherwise. */
export function buildAdjustment(overrides: Partial<Adjustment> & { id: string; amountFen: Fen }): Adjustment {
  return { kind: 'coupon', label: '优惠券', ...overrides };
}

/** A guest cart with one line, a ¥8.00 fee and free shipping from ¥99. */
export function buildQuoteInput(overrides: Partial<QuoteInput> = {}): QuoteInput {
  return {
    lines: [buildQuoteLine({ lineId: 'L1' })],
    member: null,
    shipping: { baseFeeFen: 800 as Fen, freeThresholdFen: 9900 as Fen },
    adjustments: [],
    ...overrides,
  };
}

/** A SKU price set: private price `privateFen`, public price `publicFen` (default: same). */
export function buildSkuPrices(privateFen: number, tierPrices: Partial<Record<TierCode, number>> = {}, publicFen = privateFen): QuoteLineInput['sku'] {
  return {
    publicPriceFen: publicFen as Fen,
    privatePriceFen: privateFen as Fen,
    tierPrices: tierPrices as Partial<Record<TierCode, Fen>>,
  };
}
