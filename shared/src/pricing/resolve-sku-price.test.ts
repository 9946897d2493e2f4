import type { Fen } from '../money';
import type { TierCode } from '../members/tiers';
import { findBelowCostPrices, resolveSkuPrice, type PricingMember, type SkuPrices } from './resolve-sku-price';

const f = (n: number) => n as Fen;
const sku = (publicPrice: number, privatePrice: number, tiers: Partial<Record<TierCode, number>> = {}): SkuPrices => ({
  publicPriceFen: f(publicPrice),
  privatePriceFen: f(privatePrice),
  tierPrices: Object.fromEntries(Object.entries(tiers).map(([tier, price]) => [tier, f(price)])),
});
const member = (tierCode: TierCode): PricingMember => ({ tierCode });

describe('resolveSkuPrice', () => {
  it.each<[string, SkuPrices, PricingMember, number, 'private' | 'tier', number]>([
    ['a guest pays the private price', sku(6900, 5500, { gold: 4900 }), null, 5500, 'private', 1400],
    ['a bronze member without a bronze price pays the private price', sku(6900, 5500, { gold: 4900 }), member('bronze'), 5500, 'private', 1400],
    ['a gold member pays the lower gold price', sku(6900, 5500, { gold: 4900 }), member('gold'), 4900, 'tier', 2000],
    ['a tier price equal to the private price does not count as tier', sku(6900, 5500, { gold: 5500 }), member('gold'), 5500, 'private', 1400],
    ['a tier price above the private price is ignored', sku(6900, 5500, { gold: 5800 }), member('gold'), 5500, 'private', 1400],
    ['only the member’s own tier applies', sku(6900, 5500, { diamond: 3900 }), member('platinum'), 5500, 'private', 1400],
    ['a zero tier price (a gift) wins', sku(990, 990, { diamond: 0 }), member('diamond'), 0, 'tier', 990],
    ['no saving when private equals public', sku(990, 990), member('gold'), 990, 'private', 0],
    ['one fen apart', sku(2, 1, { silver: 0 }), member('silver'), 0, 'tier', 2],
    ['huge prices stay exact', sku(1_000_000_000, 999_999_999, { gold: 999_999_998 }), member('gold'), 999_999_998, 'tier', 2],
  ])('%s', (_name, prices, who, unit, source, saving) => {
    const resolved = resolveSkuPrice(prices, who);
    expect(resolved).toEqual({
      unitPriceFen: unit,
      source,
      tierCode: source === 'tier' ? who?.tierCode : null,
      publicPriceFen: prices.publicPriceFen,
      savingFen: saving,
    });
  });

  it('never reports a negative saving', () => {
    const resolved = resolveSkuPrice({ publicPriceFen: f(100), privatePriceFen: f(150) }, null);
    expect(resolved.savingFen).toBe(0);
  });

  it('does not mutate its input', () => {
    const prices = sku(6900, 5500, { gold: 4900 });
    const copy = structuredClone(prices);
    resolveSkuPrice(prices, member('gold'));
    expect(prices).toEqual(copy);
  });
});

describe('findBelowCostPrices', () => {
  it('lists every private and tier price below cost with its margin', () => {
    const found = findBelowCostPrices([
      { id: 1, ...sku(6900, 2500, { gold: 2400, diamond: 3000 }), costPriceFen: f(2750) },
      { id: 2, ...sku(6900, 5500), costPriceFen: f(2750) },
    ]);
    expect(found).toEqual([
      { skuId: 1, priceKind: 'private', priceFen: 2500, costPriceFen: 2750, marginFen: -250 },
      { skuId: 1, priceKind: 'gold', priceFen: 2400, costPriceFen: 2750, marginFen: -350 },
    ]);
  });

  it('accepts a price exactly at cost', () => {
    expect(findBelowCostPrices([{ id: 1, ...sku(100, 50), costPriceFen: f(50) }])).toEqual([]);
  });
});
