import type { Fen, ShippingFeeRule } from '@siyu/shared';
import type { Executor } from '../db/client';
import { shippingTemplates } from '../db/schema';

const rule = (firstFeeFen: number, additionalFeeFen: number, freeAmountFen: number | null): ShippingFeeRule => ({
  firstUnits: 1,
  firstFeeFen: firstFeeFen as Fen,
  additionalUnits: 1,
  additionalFeeFen: additionalFeeFen as Fen,
  freeAmountFen: freeAmountFen as Fen | null,
  freePieces: null,
});

/**
 * The demo store's default shipping template (运费模板): ¥8 the first piece + ¥2 each further piece,
 * free from ¥99; 江浙沪 free from ¥59; 新疆 / 西藏 ¥20 + ¥5, never free; 港澳台 not delivered.
 */
export async function seedDemoShipping(db: Executor): Promise<void> {
  await db.insert(shippingTemplates).values({
    name: '全国标准快递',
    basis: 'piece',
    isDefault: true,
    defaultRule: rule(800, 200, 9900),
    regionRules: [
      { ...rule(800, 200, 5900), provinceCodes: ['310000', '320000', '330000'] },
      { ...rule(2000, 500, null), provinceCodes: ['650000', '540000'] },
    ],
    undeliverableProvinceCodes: ['710000', '810000', '820000'],
  });
}
