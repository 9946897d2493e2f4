import type { Fen, TierUpsellView } from '@siyu/shared';
import { growthNeededText, upsellText } from './upsell-text';

const upsell: TierUpsellView = {
  tierCode: 'gold',
  tierName: '黄金',
  growthNeeded: 120,
  skus: [
    { skuId: 1, priceFen: 5600 as Fen, nextPriceFen: 5300 as Fen, savingFen: 300 as Fen },
    { skuId: 2, priceFen: 9900 as Fen, nextPriceFen: 9000 as Fen, savingFen: 900 as Fen },
  ],
  maxSavingFen: 900 as Fen,
};

describe('upsellText', () => {
  it('names the chosen SKU saving: 升级黄金再省¥3.00', () => {
    expect(upsellText(upsell, 1)).toBe('升级黄金再省¥3.00');
  });
  it('names the largest saving before a SKU is chosen', () => {
    expect(upsellText(upsell, null)).toBe('升级黄金再省¥9.00');
  });
  it('says nothing for a SKU the next tier does not make cheaper, or without an upsell', () => {
    expect(upsellText(upsell, 3)).toBeNull();
    expect(upsellText(null, 1)).toBeNull();
  });
  it('tells the growth still needed', () => {
    expect(growthNeededText(upsell)).toBe('还差 120 成长值');
    expect(growthNeededText({ ...upsell, growthNeeded: 0 })).toBe('成长值已达标，即将升级');
  });
});
