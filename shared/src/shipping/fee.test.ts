import type { Fen } from '../money';
import { explainShippingGroup } from './explain';
import { computeShipping, ruleFeeFen, type ShippingComputation } from './fee';
import { shippingTemplateInputSchema, type ShippingFeeRule, type ShippingLine, type ShippingTemplate } from './schemas';

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
/** The demo template: ¥8 + ¥2, free from ¥99; 江浙沪 free from ¥59; 新疆/西藏 ¥20; 港澳台 not delivered. */
const standard: ShippingTemplate = {
  id: 1,
  name: '标准快递',
  basis: 'piece',
  isDefault: true,
  defaultRule: rule(),
  regionRules: [
    { ...rule({ freeAmountFen: f(5900) }), provinceCodes: ['310000', '320000', '330000'] },
    { ...rule({ firstFeeFen: f(2000), additionalFeeFen: f(500), freeAmountFen: null }), provinceCodes: ['650000', '540000'] },
  ],
  undeliverableProvinceCodes: ['710000', '810000', '820000'],
};
const heavy: ShippingTemplate = {
  id: 2,
  name: '大件物流',
  basis: 'weight',
  isDefault: false,
  defaultRule: rule({ firstUnits: 1000, firstFeeFen: f(1000), additionalUnits: 500, additionalFeeFen: f(300), freeAmountFen: null, freePieces: 3 }),
  regionRules: [],
  undeliverableProvinceCodes: ['650000'],
};
const line = (overrides: Partial<ShippingLine> = {}): ShippingLine => ({
  lineId: '1',
  quantity: 1,
  unitWeightGrams: 0,
  goodsFen: f(5000),
  templateId: null,
  ...overrides,
});
const fee = (result: ShippingComputation) => (result.isDeliverable ? result.feeFen : 'undeliverable');
const quoteFor = (province: string | null, lines: ShippingLine[]) => computeShipping([standard, heavy], standard, province, lines);

describe('ruleFeeFen (first + additional steps)', () => {
  const byWeight = rule({ firstUnits: 1000, firstFeeFen: f(1000), additionalUnits: 500, additionalFeeFen: f(300) });
  it.each([
    ['0 pieces still pays the first step', rule(), 0, 800],
    ['1 piece: the first fee', rule(), 1, 800],
    ['2 pieces: one additional', rule(), 2, 1000],
    ['5 pieces: four additional', rule(), 5, 1600],
    ['steps of 2 pieces: 4 pieces = first + 2 started steps', rule({ additionalUnits: 2 }), 4, 1200],
    ['0 g: the first weight', byWeight, 0, 1000],
    ['exactly the first weight 1000 g', byWeight, 1000, 1000],
    ['1001 g: one started 500 g step (rounded up)', byWeight, 1001, 1300],
    ['1500 g: exactly one step', byWeight, 1500, 1300],
    ['1501 g: two steps', byWeight, 1501, 1600],
  ])('%s', (_name, r, units, expected) => {
    expect(ruleFeeFen(r, units)).toBe(expected);
  });
});

describe('computeShipping (table)', () => {
  it.each([
    ['default rule, 1 piece ¥50, 广东', '440000', [line()], 800],
    ['default rule, 3 pieces, 广东', '440000', [line({ quantity: 3 })], 1200],
    ['free at EXACTLY the ¥99 threshold', '440000', [line({ goodsFen: f(9900) })], 0],
    ['charged 1 fen below the ¥99 threshold', '440000', [line({ goodsFen: f(9899) })], 800],
    ['江浙沪: free at exactly ¥59', '320000', [line({ goodsFen: f(5900) })], 0],
    ['江浙沪: charged 1 fen below ¥59', '310000', [line({ goodsFen: f(5899) })], 800],
    ['新疆: ¥20 + ¥5 per extra piece, never free', '650000', [line({ quantity: 2, goodsFen: f(100000) })], 2500],
    ['西藏 (region edge: the second province of the rule)', '540000', [line()], 2000],
    ['内蒙古 (next to a region rule, uses the default)', '150000', [line()], 800],
    ['no address yet: the default rule', null, [line()], 800],
    ['台湾 is not delivered to', '710000', [line()], 'undeliverable'],
    ['香港 is not delivered to', '810000', [line()], 'undeliverable'],
    ['weight template: 2 × 600 g = 1200 g → ¥10 + ¥3', '440000', [line({ templateId: 2, quantity: 2, unitWeightGrams: 600 })], 1300],
    ['weight template: free at 3 pieces', '440000', [line({ templateId: 2, quantity: 3, unitWeightGrams: 600 })], 0],
    ['unknown template id falls back to the default template', '440000', [line({ templateId: 99 })], 800],
  ])('%s', (_name, province, lines, expected) => {
    expect(fee(quoteFor(province, lines))).toBe(expected);
  });

  it('sums the fee of each template (按商品累加运费), each measuring its own free threshold', () => {
    const result = quoteFor('440000', [
      line({ lineId: '1', goodsFen: f(6000) }),
      line({ lineId: '2', templateId: 2, quantity: 1, unitWeightGrams: 2000, goodsFen: f(50000) }),
      line({ lineId: '3', goodsFen: f(3899) }),
    ]);
    expect(result).toMatchObject({ isDeliverable: true, feeFen: 1000 + 1000 + 600 });
    if (!result.isDeliverable) throw new Error('expected deliverable');
    expect(result.groups.map((group) => [group.templateId, group.lineIds, group.feeFen])).toEqual([
      [1, ['1', '3'], 1000],
      [2, ['2'], 1600],
    ]);
  });

  it('lists only the lines whose template does not deliver to the province', () => {
    const result = quoteFor('650000', [line({ lineId: '1' }), line({ lineId: '2', templateId: 2, unitWeightGrams: 100 })]);
    expect(result).toEqual({ isDeliverable: false, provinceCode: '650000', undeliverableLineIds: ['2'] });
  });

  it('explains the template, the rule and why it is free', () => {
    const free = quoteFor('330000', [line({ quantity: 2, goodsFen: f(5900) })]);
    const short = quoteFor('440000', [line({ goodsFen: f(9899) })]);
    if (!free.isDeliverable || !short.isDeliverable) throw new Error('expected deliverable');
    expect(explainShippingGroup(free.groups[0]!)).toBe('运费模板「标准快递」（上海市、江苏省、浙江省）：2件，首件¥8.00，续1件¥2.00 = ¥10.00，已满¥59.00包邮');
    expect(explainShippingGroup(short.groups[0]!)).toBe('运费模板「标准快递」：1件，首件¥8.00，续1件¥2.00 = ¥8.00，满¥99.00包邮（还差¥0.01）');
  });
});

describe('shippingTemplateInputSchema', () => {
  const input = { name: '标准快递', basis: 'piece', defaultRule: rule(), regionRules: [{ ...rule(), provinceCodes: ['320000'] }] };
  it('accepts a template and fills defaults', () => {
    expect(shippingTemplateInputSchema.parse(input)).toMatchObject({ isDefault: false, undeliverableProvinceCodes: [] });
  });
  it.each([
    ['a city code instead of a province', { undeliverableProvinceCodes: ['320100'] }],
    ['a province both in a rule and undeliverable', { undeliverableProvinceCodes: ['320000'] }],
    ['a fee in yuan (float)', { defaultRule: rule({ firstFeeFen: 8.5 as Fen }) }],
    ['zero additional units', { defaultRule: rule({ additionalUnits: 0 }) }],
  ])('refuses %s', (_name, override) => {
    expect(shippingTemplateInputSchema.safeParse({ ...input, ...override }).success).toBe(false);
  });
});
