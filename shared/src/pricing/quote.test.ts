import type { Fen } from '../money';
import { formatLineNumbers } from './explain';
import { PricingInputError, quote } from './quote';
import { buildAdjustment, buildQuoteInput, buildQuoteLine, buildSkuPrices } from './quote-factories';
import type { Adjustment, Quote, QuoteInput } from './quote-schema';

const f = (n: number) => n as Fen;
const line = (lineId: string, privateFen: number, quantity = 1) => buildQuoteLine({ lineId, quantity, sku: buildSkuPrices(privateFen) });
const off = (id: string, amount: number, lineIds?: string[]) => buildAdjustment({ id, amountFen: f(amount), ...(lineIds ? { scope: { lineIds } } : {}) });
const freeShipping = (id: string, amount: number) => buildAdjustment({ id, amountFen: f(amount), label: '包邮券', appliesToShipping: true });
const noShipping = { baseFeeFen: f(0), freeThresholdFen: null };

interface Summary {
  lines: number[][];
  shares: string[][];
  adjustments: (string | number | null)[][];
  shippingFeeFen: number;
  payableTotalFen: number;
}

/** The numbers of a quote in a compact, readable shape: [unit, subtotal, discount, payable] per line. */
function summarise(result: Quote): Summary {
  return {
    lines: result.lines.map((l) => [l.unitPriceFen, l.subtotalFen, l.discountFen, l.payableFen]),
    shares: result.lines.map((l) => l.adjustments.map((share) => `${share.adjustmentId}:${share.amountFen}`)),
    adjustments: result.adjustments.map((a) => [a.id, a.appliedFen, a.cappedFromFen]),
    shippingFeeFen: result.shippingFeeFen,
    payableTotalFen: result.payableTotalFen,
  };
}

describe('quote: concrete carts', () => {
  it.each<[string, Partial<QuoteInput>, Summary]>([
    [
      'a guest pays the private price plus the fee below the threshold',
      {},
      { lines: [[5500, 5500, 0, 5500]], shares: [[]], adjustments: [], shippingFeeFen: 800, payableTotalFen: 6300 },
    ],
    [
      'a gold member pays the tier price × 2',
      { member: { tierCode: 'gold' }, lines: [buildQuoteLine({ lineId: 'L1', quantity: 2, sku: buildSkuPrices(5500, { gold: 4900 }, 6900) })] },
      { lines: [[4900, 9800, 0, 9800]], shares: [[]], adjustments: [], shippingFeeFen: 800, payableTotalFen: 10600 },
    ],
    [
      'free shipping when the threshold is met exactly',
      { lines: [line('L1', 3300, 3)] },
      { lines: [[3300, 9900, 0, 9900]], shares: [[]], adjustments: [], shippingFeeFen: 0, payableTotalFen: 9900 },
    ],
    [
      'the fee when the threshold is missed by 1 fen',
      { lines: [line('L1', 9899)] },
      { lines: [[9899, 9899, 0, 9899]], shares: [[]], adjustments: [], shippingFeeFen: 800, payableTotalFen: 10699 },
    ],
    [
      'the threshold counts goods after discounts',
      { lines: [line('L1', 10000)], adjustments: [off('A', 200)] },
      { lines: [[10000, 10000, 200, 9800]], shares: [['A:200']], adjustments: [['A', 200, null]], shippingFeeFen: 800, payableTotalFen: 10600 },
    ],
    [
      '1 fen over three equal lines goes to the first line',
      { lines: [line('L1', 1000), line('L2', 1000), line('L3', 1000)], adjustments: [off('A', 1)] },
      {
        lines: [
          [1000, 1000, 1, 999],
          [1000, 1000, 0, 1000],
          [1000, 1000, 0, 1000],
        ],
        shares: [['A:1'], [], []],
        adjustments: [['A', 1, null]],
        shippingFeeFen: 800,
        payableTotalFen: 3799,
      },
    ],
    [
      '满199减50 is shared by value, leftover fen to the largest remainders',
      { lines: [line('L1', 9800), line('L2', 5500), line('L3', 4900)], adjustments: [off('A', 5000)] },
      {
        lines: [
          [9800, 9800, 2426, 7374],
          [5500, 5500, 1361, 4139],
          [4900, 4900, 1213, 3687],
        ],
        shares: [['A:2426'], ['A:1361'], ['A:1213']],
        adjustments: [['A', 5000, null]],
        shippingFeeFen: 0,
        payableTotalFen: 15200,
      },
    ],
    [
      'a discount bigger than the cart is capped at the cart and says so',
      { lines: [line('L1', 5500), line('L2', 1000)], adjustments: [off('A', 10000)] },
      {
        lines: [
          [5500, 5500, 5500, 0],
          [1000, 1000, 1000, 0],
        ],
        shares: [['A:5500'], ['A:1000']],
        adjustments: [['A', 6500, 10000]],
        shippingFeeFen: 800,
        payableTotalFen: 800,
      },
    ],
    [
      'a scoped coupon touches only its lines',
      { lines: [line('L1', 5500), line('L2', 2000), line('L3', 4500)], adjustments: [off('A', 1000, ['L1', 'L3'])] },
      {
        lines: [
          [5500, 5500, 550, 4950],
          [2000, 2000, 0, 2000],
          [4500, 4500, 450, 4050],
        ],
        shares: [['A:550'], [], ['A:450']],
        adjustments: [['A', 1000, null]],
        shippingFeeFen: 0,
        payableTotalFen: 11000,
      },
    ],
    [
      'a later adjustment shares what the earlier ones left and is capped at it',
      { lines: [line('L1', 3000), line('L2', 1000)], adjustments: [off('A', 3500), off('B', 1000)] },
      {
        lines: [
          [3000, 3000, 3000, 0],
          [1000, 1000, 1000, 0],
        ],
        shares: [
          ['A:2625', 'B:375'],
          ['A:875', 'B:125'],
        ],
        adjustments: [
          ['A', 3500, null],
          ['B', 500, 1000],
        ],
        shippingFeeFen: 800,
        payableTotalFen: 800,
      },
    ],
    [
      'a zero-priced gift line gets no share',
      {
        member: { tierCode: 'diamond' },
        lines: [buildQuoteLine({ lineId: 'L1', sku: buildSkuPrices(990, { diamond: 0 }) }), line('L2', 5000)],
        adjustments: [off('A', 100)],
      },
      {
        lines: [
          [0, 0, 0, 0],
          [5000, 5000, 100, 4900],
        ],
        shares: [[], ['A:100']],
        adjustments: [['A', 100, null]],
        shippingFeeFen: 800,
        payableTotalFen: 5700,
      },
    ],
    [
      'a free-shipping coupon takes the fee off',
      { adjustments: [freeShipping('S', 800)] },
      { lines: [[5500, 5500, 0, 5500]], shares: [[]], adjustments: [['S', 800, null]], shippingFeeFen: 0, payableTotalFen: 5500 },
    ],
    [
      'a free-shipping coupon on an already free order applies 0 and says so',
      { lines: [line('L1', 9900)], adjustments: [freeShipping('S', 800)] },
      { lines: [[9900, 9900, 0, 9900]], shares: [[]], adjustments: [['S', 0, 800]], shippingFeeFen: 0, payableTotalFen: 9900 },
    ],
    [
      'adjustments are echoed in input order whatever their target',
      { lines: [line('L1', 2000)], adjustments: [freeShipping('S', 300), off('A', 100)] },
      {
        lines: [[2000, 2000, 100, 1900]],
        shares: [['A:100']],
        adjustments: [
          ['S', 300, null],
          ['A', 100, null],
        ],
        shippingFeeFen: 500,
        payableTotalFen: 2400,
      },
    ],
    [
      'without a threshold the fee always applies',
      { lines: [line('L1', 100000)], shipping: { baseFeeFen: f(800), freeThresholdFen: null } },
      { lines: [[100000, 100000, 0, 100000]], shares: [[]], adjustments: [], shippingFeeFen: 800, payableTotalFen: 100800 },
    ],
    [
      'a threshold of 0 makes every order free',
      { shipping: { baseFeeFen: f(800), freeThresholdFen: f(0) } },
      { lines: [[5500, 5500, 0, 5500]], shares: [[]], adjustments: [], shippingFeeFen: 0, payableTotalFen: 5500 },
    ],
    [
      '2 fen over three 1-fen lines',
      { shipping: noShipping, lines: [line('L1', 1), line('L2', 1), line('L3', 1)], adjustments: [off('A', 2)] },
      {
        lines: [
          [1, 1, 1, 0],
          [1, 1, 1, 0],
          [1, 1, 0, 1],
        ],
        shares: [['A:1'], ['A:1'], []],
        adjustments: [['A', 2, null]],
        shippingFeeFen: 0,
        payableTotalFen: 1,
      },
    ],
    [
      'quantity multiplies before the discount is shared',
      { shipping: noShipping, lines: [line('L1', 333, 3), line('L2', 1)], adjustments: [off('A', 10)] },
      {
        lines: [
          [333, 999, 10, 989],
          [1, 1, 0, 1],
        ],
        shares: [['A:10'], []],
        adjustments: [['A', 10, null]],
        shippingFeeFen: 0,
        payableTotalFen: 990,
      },
    ],
    [
      'a zero-amount adjustment changes nothing',
      { adjustments: [off('A', 0)] },
      { lines: [[5500, 5500, 0, 5500]], shares: [[]], adjustments: [['A', 0, null]], shippingFeeFen: 800, payableTotalFen: 6300 },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(summarise(quote(buildQuoteInput(overrides)))).toEqual(expected);
  });

  it('reports how shipping was decided', () => {
    const result = quote(buildQuoteInput({ lines: [line('L1', 9000)], adjustments: [off('A', 100), freeShipping('S', 300)] }));
    expect(result.shipping).toEqual({
      baseFeeFen: 800,
      freeThresholdFen: 9900,
      goodsPayableFen: 8900,
      basis: 'base_fee',
      shortOfFreeFen: 1000,
      ruleFeeFen: 800,
      discountFen: 300,
      feeFen: 500,
    });
    expect(result.discountTotalFen).toBe(100);
    expect(result.goodsSubtotalFen - result.discountTotalFen + result.shippingFeeFen).toBe(result.payableTotalFen);
  });

  it('carries price source, tier and public price on each line', () => {
    const result = quote(
      buildQuoteInput({
        member: { tierCode: 'gold' },
        lines: [buildQuoteLine({ lineId: 'L1', sku: buildSkuPrices(5500, { gold: 4900 }, 6900) }), line('L2', 990)],
      }),
    );
    expect(result.lines.map((l) => [l.lineId, l.skuId, l.priceSource, l.tierCode, l.publicPriceFen])).toEqual([
      ['L1', 101, 'tier', 'gold', 6900],
      ['L2', 102, 'private', null, 990],
    ]);
  });
});

describe('quote: adjustments with line amounts', () => {
  const exact = (id: string, amounts: Record<string, number>, kind: Adjustment['kind'] = 'promotion') =>
    buildAdjustment({
      id,
      kind,
      amountFen: f(Object.values(amounts).reduce((sum, amount) => sum + amount, 0)),
      lineAmounts: Object.entries(amounts).map(([lineId, amount]) => ({ lineId, amountFen: f(amount) })),
    });
  const threeLines = [line('L1', 3000), line('L2', 2000), line('L3', 1000)];

  it.each<[string, Partial<QuoteInput>, Summary]>([
    [
      'takes exactly the amounts given, not a proration',
      { lines: threeLines, adjustments: [exact('P', { L1: 100, L3: 900 })] },
      {
        lines: [
          [3000, 3000, 100, 2900],
          [2000, 2000, 0, 2000],
          [1000, 1000, 900, 100],
        ],
        shares: [['P:100'], [], ['P:900']],
        adjustments: [['P', 1000, null]],
        shippingFeeFen: 800,
        payableTotalFen: 5800,
      },
    ],
    [
      'caps a line at what it has left and reports the requested total',
      { lines: threeLines, adjustments: [exact('P', { L2: 500, L3: 1500 })] },
      {
        lines: [
          [3000, 3000, 0, 3000],
          [2000, 2000, 500, 1500],
          [1000, 1000, 1000, 0],
        ],
        shares: [[], ['P:500'], ['P:1000']],
        adjustments: [['P', 1500, 2000]],
        shippingFeeFen: 800,
        payableTotalFen: 5300,
      },
    ],
    [
      'caps at what an earlier adjustment left',
      { lines: threeLines, adjustments: [off('A', 600), exact('P', { L3: 1000 })] },
      {
        lines: [
          [3000, 3000, 300, 2700],
          [2000, 2000, 200, 1800],
          [1000, 1000, 1000, 0],
        ],
        shares: [['A:300'], ['A:200'], ['A:100', 'P:900']],
        adjustments: [
          ['A', 600, null],
          ['P', 900, 1000],
        ],
        shippingFeeFen: 800,
        payableTotalFen: 5300,
      },
    ],
    [
      'leaves room for a later prorated adjustment',
      { lines: threeLines, adjustments: [exact('P', { L1: 3000 }), off('A', 300)] },
      {
        lines: [
          [3000, 3000, 3000, 0],
          [2000, 2000, 200, 1800],
          [1000, 1000, 100, 900],
        ],
        shares: [['P:3000'], ['A:200'], ['A:100']],
        adjustments: [
          ['P', 3000, null],
          ['A', 300, null],
        ],
        shippingFeeFen: 800,
        payableTotalFen: 3500,
      },
    ],
    [
      'records no share for a zero amount',
      { lines: threeLines, adjustments: [exact('P', { L1: 0, L2: 1 })] },
      {
        lines: [
          [3000, 3000, 0, 3000],
          [2000, 2000, 1, 1999],
          [1000, 1000, 0, 1000],
        ],
        shares: [[], ['P:1'], []],
        adjustments: [['P', 1, null]],
        shippingFeeFen: 800,
        payableTotalFen: 6799,
      },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(summarise(quote(buildQuoteInput(overrides)))).toEqual(expected);
  });

  it('lists the named lines in cart order and explains them like any adjustment', () => {
    const result = quote(buildQuoteInput({ lines: threeLines, adjustments: [{ ...exact('P', { L3: 500, L1: 500 }), label: '满50减10' }] }));
    expect(result.adjustments[0]).toMatchObject({ id: 'P', kind: 'promotion', target: 'goods', lineIds: ['L1', 'L3'], appliedFen: 1000, cappedFromFen: null });
    expect(result.explanation).toContain('满50减10：第1、3行 -¥10.00');
  });

  const bad = (adjustment: Record<string, unknown>) => buildQuoteInput({ lines: threeLines, adjustments: [adjustment as Adjustment] });
  it.each<[string, QuoteInput]>([
    ['an amount that is not their sum', bad({ ...exact('P', { L1: 100 }), amountFen: 101 })],
    ['an unknown line', bad(exact('P', { L9: 100 }))],
    [
      'a line named twice',
      bad({
        ...exact('P', { L1: 100 }),
        amountFen: 200,
        lineAmounts: [
          { lineId: 'L1', amountFen: 100 },
          { lineId: 'L1', amountFen: 100 },
        ],
      }),
    ],
    ['no lines', bad({ ...exact('P', {}), lineAmounts: [] })],
    [
      'a negative line amount',
      bad({
        ...exact('P', { L1: 100 }),
        amountFen: 0,
        lineAmounts: [
          { lineId: 'L1', amountFen: -100 },
          { lineId: 'L2', amountFen: 100 },
        ],
      }),
    ],
    [
      'a fractional line amount',
      bad({
        ...exact('P', { L1: 100 }),
        amountFen: 100,
        lineAmounts: [
          { lineId: 'L1', amountFen: 99.5 },
          { lineId: 'L2', amountFen: 0.5 },
        ],
      }),
    ],
    ['a shipping adjustment', bad({ ...exact('P', { L1: 100 }), appliesToShipping: true })],
    ['a scope as well', bad({ ...exact('P', { L1: 100 }), scope: { lineIds: ['L1'] } })],
  ])('throws PricingInputError for line amounts with %s', (_name, input) => {
    expect(() => quote(input)).toThrow(PricingInputError);
  });
});

describe('quote: explanation', () => {
  it('explains tier prices, a 满减 over all lines and free shipping', () => {
    const result = quote(
      buildQuoteInput({
        member: { tierCode: 'gold' },
        lines: [buildQuoteLine({ lineId: 'L1', quantity: 2, sku: buildSkuPrices(5500, { gold: 4900 }, 6900) }), line('L2', 5500), line('L3', 4900)],
        adjustments: [buildAdjustment({ id: 'C1', label: '满199减50', amountFen: f(5000) })],
      }),
    );
    expect(result.explanation).toEqual([
      '第1行 会员价（黄金）¥49.00 × 2 = ¥98.00',
      '第2行 私域价 ¥55.00 × 1 = ¥55.00',
      '第3行 私域价 ¥49.00 × 1 = ¥49.00',
      '商品小计 ¥202.00',
      '满199减50：第1–3行 -¥50.00',
      '运费 ¥0.00，已满¥99包邮（原运费 ¥8.00）',
      '应付 ¥152.00',
    ]);
  });

  it('explains a capped scoped coupon, the distance to free shipping and a shipping coupon', () => {
    const result = quote(
      buildQuoteInput({
        lines: [line('L1', 5500), line('L2', 1000), line('L3', 2000)],
        adjustments: [buildAdjustment({ id: 'C1', label: '新人券', amountFen: f(10000), scope: { lineIds: ['L1', 'L3'] } }), freeShipping('S', 500)],
      }),
    );
    expect(result.explanation).toEqual([
      '第1行 私域价 ¥55.00 × 1 = ¥55.00',
      '第2行 私域价 ¥10.00 × 1 = ¥10.00',
      '第3行 私域价 ¥20.00 × 1 = ¥20.00',
      '商品小计 ¥85.00',
      '新人券：第1、3行 -¥75.00（可抵扣金额不足，原 ¥100.00）',
      '运费 ¥8.00，满¥99包邮（还差¥89.00）',
      '包邮券：运费 -¥5.00',
      '应付 ¥13.00',
    ]);
  });

  it.each<[string, QuoteInput['shipping'], string]>([
    ['no fee at all', { baseFeeFen: f(0), freeThresholdFen: f(9900) }, '免运费'],
    ['a fee without a threshold', { baseFeeFen: f(1000), freeThresholdFen: null }, '运费 ¥10.00'],
    ['a threshold with fen', { baseFeeFen: f(800), freeThresholdFen: f(9950) }, '运费 ¥8.00，满¥99.50包邮（还差¥44.50）'],
  ])('explains shipping: %s', (_name, shipping, expected) => {
    expect(quote(buildQuoteInput({ shipping })).explanation).toContain(expected);
  });

  it.each<[number[], string]>([
    [[1], '第1行'],
    [[1, 2, 3], '第1–3行'],
    [[1, 3], '第1、3行'],
    [[3, 1, 2, 5, 7, 6], '第1–3、5–7行'],
  ])('numbers lines %j as %s', (numbers, expected) => {
    expect(formatLineNumbers(numbers)).toBe(expected);
  });
});

describe('quote: input', () => {
  const bad = (overrides: Record<string, unknown>) => ({ ...buildQuoteInput(), ...overrides }) as QuoteInput;
  it.each<[string, QuoteInput]>([
    ['no lines', bad({ lines: [] })],
    ['a fractional quantity', bad({ lines: [buildQuoteLine({ lineId: 'L1', quantity: 1.5 })] })],
    ['a zero quantity', bad({ lines: [buildQuoteLine({ lineId: 'L1', quantity: 0 })] })],
    ['a fractional price', bad({ lines: [buildQuoteLine({ lineId: 'L1', sku: buildSkuPrices(99.5) })] })],
    ['a negative price', bad({ lines: [buildQuoteLine({ lineId: 'L1', sku: buildSkuPrices(-1) })] })],
    ['a duplicate line id', bad({ lines: [line('L1', 100), line('L1', 200)] })],
    ['a negative adjustment', bad({ adjustments: [off('A', -100)] })],
    ['a fractional adjustment', bad({ adjustments: [off('A', 0.5)] })],
    ['a duplicate adjustment id', bad({ adjustments: [off('A', 1), off('A', 2)] })],
    ['a scope naming an unknown line', bad({ adjustments: [off('A', 1, ['L9'])] })],
    ['an empty scope', bad({ adjustments: [off('A', 1, [])] })],
    ['a shipping adjustment with a line scope', bad({ adjustments: [{ ...freeShipping('S', 1), scope: { lineIds: ['L1'] } }] })],
    ['an unknown adjustment kind', bad({ adjustments: [{ ...off('A', 1), kind: 'gift_card' }] })],
    ['an unknown tier', bad({ member: { tierCode: 'vip' } })],
    ['a fractional shipping fee', bad({ shipping: { baseFeeFen: 8.5, freeThresholdFen: null } })],
  ])('throws PricingInputError for %s', (_name, input) => {
    expect(() => quote(input)).toThrow(PricingInputError);
  });

  it('does not mutate its input', () => {
    const input = buildQuoteInput({
      member: { tierCode: 'gold' },
      lines: [buildQuoteLine({ lineId: 'L1', quantity: 2, sku: buildSkuPrices(5500, { gold: 4900 }) }), line('L2', 1000)],
      adjustments: [off('A', 99999, ['L2']), off('B', 10), freeShipping('S', 800)],
    });
    const copy = structuredClone(input);
    const result = quote(input);
    expect(input).toEqual(copy);
    result.lines[0]?.adjustments.push({ adjustmentId: 'X', amountFen: f(1) });
    expect(input).toEqual(copy);
  });
});

describe('quote: points', () => {
  it('pay for goods last and do not count against the free-shipping threshold', () => {
    // ¥120 − ¥10 coupon = ¥110 reaches free shipping (¥99); ¥20 of points, first in the input, applies after the
    // coupon and leaves ¥90 of goods — still shipped free.
    const points = buildAdjustment({ id: 'P', kind: 'points', label: '积分抵扣', amountFen: f(2000) });
    const result = quote(buildQuoteInput({ lines: [line('L1', 12000)], adjustments: [points, off('C', 1000)] }));
    expect(result.shipping).toMatchObject({ basis: 'free_by_threshold', goodsPayableFen: 11000, feeFen: 0 });
    expect(summarise(result)).toMatchObject({ shares: [['C:1000', 'P:2000']], shippingFeeFen: 0, payableTotalFen: 9000 });
  });

  it('are capped at the goods left after every other discount', () => {
    const points = buildAdjustment({ id: 'P', kind: 'points', label: '积分抵扣', amountFen: f(5000) });
    const result = quote(buildQuoteInput({ lines: [line('L1', 3000)], adjustments: [off('C', 1000), points] }));
    expect(summarise(result).adjustments).toEqual([
      ['C', 1000, null],
      ['P', 2000, 5000],
    ]);
    expect(result.payableTotalFen).toBe(800); // only the shipping fee is left to pay
  });
});
