import type { Fen } from '../../money';
import type { PromotionRuleInput } from './registry';
import { buildPromotionLine, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const flash = (skuId: number, priceFen: number, maxQuantity: number): PromotionRuleInput => ({ kind: 'flash_price', skuId, priceFen, maxQuantity });
/** Line `lineId` of SKU `skuId`: `quantity` units at `unitFen`, `remainingFen` left (default: the whole subtotal). */
const line = (lineId: string, skuId: number, unitFen: number, quantity: number, remainingFen = unitFen * quantity) =>
  buildPromotionLine({ lineId, skuId, unitPriceFen: unitFen as Fen, quantity, remainingFen });
const ctx = (...lines: ReturnType<typeof line>[]): PromotionContext => ({ lines, member: null, shippingFeeFen: 800 as Fen });

describe('flash_price (秒杀)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes unit − flash price per unit', flash(7, 990, 5), ctx(line('L1', 7, 1990, 1)), [1000]],
    ['stops at maxQuantity units', flash(7, 990, 2), ctx(line('L1', 7, 1990, 3)), [2000]],
    ['counts maxQuantity over the whole order, lines in cart order', flash(7, 990, 3), ctx(line('L1', 7, 1990, 2), line('L2', 7, 1990, 2)), [2000, 1000]],
    ['leaves other SKUs alone', flash(7, 990, 5), ctx(line('L1', 8, 1990, 1), line('L2', 7, 1990, 1)), [0, 1000]],
    ['takes off at most what the line has left', flash(7, 990, 5), ctx(line('L1', 7, 1990, 2, 1500)), [1500]],
    ['can sell at 0', flash(7, 0, 1), ctx(line('L1', 7, 1990, 1)), [1990]],
    [
      'has nothing to discount when the price is already at or below the flash price',
      flash(7, 1990, 5),
      ctx(line('L1', 7, 1990, 1)),
      { code: 'PROMOTION_NOTHING_TO_DISCOUNT' },
    ],
    ['is not in scope when the SKU is not in the cart', flash(7, 990, 5), ctx(line('L1', 8, 1990, 1)), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, context, expected) => {
    expect(outcomeOf(rule, context)).toEqual(expected);
  });
});
