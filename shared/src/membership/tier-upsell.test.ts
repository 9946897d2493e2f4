import type { Fen } from '../money';
import { tierUpsellOf } from './tier-upsell';

const fen = (value: number) => value as Fen;
const sku = (id: number, privatePriceFen: number, tierPrices: Record<string, number> = {}) => ({
  id,
  publicPriceFen: fen(9900),
  privatePriceFen: fen(privatePriceFen),
  tierPrices: Object.fromEntries(Object.entries(tierPrices).map(([code, price]) => [code, fen(price)])),
});
const next = { tierName: '黄金', growthNeeded: 120 };

describe('tierUpsellOf', () => {
  it('offers the next tier price when it is below what the member pays: 升级黄金再省¥3', () => {
    const upsell = tierUpsellOf([sku(1, 5900, { silver: 5600, gold: 5300 }), sku(2, 3900)], 'silver', next);
    expect(upsell).toEqual({
      tierCode: 'gold',
      tierName: '黄金',
      growthNeeded: 120,
      skus: [{ skuId: 1, priceFen: 5600, nextPriceFen: 5300, savingFen: 300 }],
      maxSavingFen: 300,
    });
  });

  it.each<[string, ReturnType<typeof sku>[], 'bronze' | 'silver' | 'diamond']>([
    ['no tier prices', [sku(1, 5900)], 'silver'],
    ['the next tier price is not lower than the private price', [sku(1, 5900, { gold: 5900 })], 'silver'],
    ['the next tier price is not lower than the current tier price', [sku(1, 5900, { silver: 5000, gold: 5100 })], 'silver'],
    ['a price for a tier two steps up only', [sku(1, 5900, { platinum: 5000 })], 'bronze'],
    ['the top tier', [sku(1, 5900, { diamond: 5000 })], 'diamond'],
  ])('has none with %s', (_name, skus, tierCode) => {
    expect(tierUpsellOf(skus, tierCode, next)).toBeNull();
  });

  it('names the largest saving among several SKUs', () => {
    const upsell = tierUpsellOf([sku(1, 5900, { silver: 5500 }), sku(2, 9900, { silver: 9000 })], 'bronze', next);
    expect(upsell?.maxSavingFen).toBe(900);
    expect(upsell?.skus.map((entry) => entry.skuId)).toEqual([1, 2]);
  });
});
