import type { Fen } from '../money';
import { planShipping, type PlannedShippingGroup, type ShippingFeeRule } from '../shipping';
import { buildAdjustment, buildQuoteInput, buildQuoteLine, buildSkuPrices } from './quote-factories';
import { quote, shippingRuleFeeFen } from './quote';
import type { ShippingRule } from './quote-schema';

const f = (n: number) => n as Fen;
const rule = (overrides: Partial<ShippingFeeRule> = {}): ShippingFeeRule => ({
  firstUnits: 1,
  firstFeeFen: f(800),
  additionalUnits: 1,
  additionalFeeFen: f(200),
  freeAmountFen: f(9900),
  freePieces: null,
  ...overrides,
});
const group = (lineIds: string[], overrides: Partial<PlannedShippingGroup> = {}): PlannedShippingGroup => ({
  templateId: 1,
  templateName: '标准快递',
  basis: 'piece',
  lineIds,
  ruleProvinces: [],
  rule: rule(),
  pieces: lineIds.length,
  units: lineIds.length,
  goodsFen: f(0),
  baseFeeFen: f(800 + 200 * (lineIds.length - 1)),
  ...overrides,
});
const templates = (groups: PlannedShippingGroup[], freeThresholdFen: number | null = null): ShippingRule => ({
  baseFeeFen: f(0),
  freeThresholdFen: freeThresholdFen === null ? null : f(freeThresholdFen),
  templates: groups,
  explanation: ['按收货地址（广东省）计算运费'],
});
const line = (lineId: string, priceFen: number) => buildQuoteLine({ lineId, sku: buildSkuPrices(priceFen) });
const coupon = (amountFen: number) => buildAdjustment({ id: 'c1', amountFen: f(amountFen), label: '满减券' });

describe('quote with shipping templates (measured after goods discounts)', () => {
  it.each([
    ['free at EXACTLY ¥99 after a coupon', 10_400, 500, 0, 'free_by_threshold', 0],
    ['charged 1 fen below ¥99 after a coupon', 10_399, 500, 800, 'base_fee', 1],
    ['no coupon, ¥99 exactly', 9900, 0, 0, 'free_by_threshold', 0],
  ])('%s', (_name, priceFen, couponFen, feeFen, basis, shortFen) => {
    const result = quote(
      buildQuoteInput({ lines: [line('L1', priceFen)], shipping: templates([group(['L1'])]), adjustments: couponFen ? [coupon(couponFen)] : [] }),
    );
    expect(result.shipping).toMatchObject({ feeFen, basis, shortOfFreeFen: shortFen, freeThresholdFen: 9900 });
    expect(result.payableTotalFen).toBe(priceFen - couponFen + feeFen);
  });

  it('sums each template group, each free by its own lines only', () => {
    const cart = [line('L1', 6000), line('L2', 2000), line('L3', 5000)];
    const heavy = group(['L2', 'L3'], {
      templateId: 2,
      templateName: '大件物流',
      rule: rule({ firstFeeFen: f(1500), freeAmountFen: f(20_000) }),
      baseFeeFen: f(1700),
    });
    const result = quote(buildQuoteInput({ lines: cart, shipping: templates([group(['L1'], { rule: rule({ freeAmountFen: f(5900) }) }), heavy]) }));
    // L1 ¥60 ≥ ¥59 → free; L2 + L3 ¥70 < ¥200 → ¥15 + ¥2.
    expect(result.shippingFeeFen).toBe(1700);
    expect(result.shipping.explanation).toEqual([
      '按收货地址（广东省）计算运费',
      '运费模板「标准快递」：1件，首件¥8.00，续1件¥2.00 = ¥8.00，已满¥59.00包邮',
      '运费模板「大件物流」：2件，首件¥15.00，续1件¥2.00 = ¥17.00，满¥200.00包邮（还差¥130.00）',
      '多个运费模板分别计算后相加：¥17.00',
    ]);
    expect(result.explanation).toContain('运费模板「大件物流」：2件，首件¥15.00，续1件¥2.00 = ¥17.00，满¥200.00包邮（还差¥130.00）');
  });

  it('the tier perk still waives the template fee, and says so', () => {
    const result = quote(buildQuoteInput({ lines: [line('L1', 5000)], shipping: templates([group(['L1'])], 4900) }));
    expect(result.shipping).toMatchObject({ feeFen: 0, ruleFeeFen: 0, basis: 'free_by_threshold', baseFeeFen: 800, freeThresholdFen: 4900 });
    expect(result.shipping.explanation).toContain('会员包邮：商品满¥49.00免运费');
  });

  it('nudges towards the nearer of the tier perk and the template amount', () => {
    const result = quote(buildQuoteInput({ lines: [line('L1', 5000)], shipping: templates([group(['L1'])], 9000) }));
    expect(result.shipping).toMatchObject({ feeFen: 800, freeThresholdFen: 9000, shortOfFreeFen: 4000 });
  });

  it('a shipping coupon comes off the template fee, never below zero', () => {
    const shippingCoupon = buildAdjustment({ id: 's1', amountFen: f(1000), label: '包邮券', appliesToShipping: true });
    const result = quote(buildQuoteInput({ lines: [line('L1', 3000)], shipping: templates([group(['L1'])]), adjustments: [shippingCoupon] }));
    expect(result.shipping).toMatchObject({ ruleFeeFen: 800, discountFen: 800, feeFen: 0 });
    expect(result.payableTotalFen).toBe(3000);
  });

  it('the solver’s estimate matches the quote when the cart has one template', () => {
    const shipping = templates([group(['L1'], { goodsFen: f(10_000) })]);
    expect([shippingRuleFeeFen(shipping, f(9899)), shippingRuleFeeFen(shipping, f(9900))]).toEqual([800, 0]);
  });
});

describe('planned groups as quote input', () => {
  it('a region rule planned by planShipping is valid engine input (no province list inside the rule)', () => {
    const template = {
      id: 1,
      name: '标准快递',
      basis: 'piece' as const,
      isDefault: true,
      defaultRule: rule(),
      regionRules: [{ ...rule({ freeAmountFen: f(5900) }), provinceCodes: ['310000'] }],
      undeliverableProvinceCodes: [],
    };
    const plan = planShipping([template], template, '310000', [{ lineId: 'L1', quantity: 1, unitWeightGrams: 0, goodsFen: f(6000), templateId: null }]);
    if (!plan.isDeliverable) throw new Error('expected deliverable');
    const result = quote(buildQuoteInput({ lines: [line('L1', 6000)], shipping: templates(plan.groups) }));
    expect(result.shipping).toMatchObject({ feeFen: 0, basis: 'free_by_threshold', freeThresholdFen: 5900 });
  });
});
