import type { Fen } from '../money';
import { PricingInputError, quote } from './quote';
import { buildQuoteLine, buildSkuPrices } from './quote-factories';
import type { QuoteInput, QuoteLineInput } from './quote-schema';
import type { PromotionCandidateInput } from './rules/candidate';
import type { PromotionRuleInput } from './rules/registry';
import { buildCandidate } from './rules/rule-factories';
import { DEFAULT_STACKING_MATRIX, STACKING_PAIR_KEYS, type StackingMatrix } from './rules/stacking';
import { solvePromotions, type PromotionSolution, type SolvePromotionsParams } from './solver';

const f = (n: number) => n as Fen;
const line = (lineId: string, privateFen: number, overrides: Partial<QuoteLineInput> = {}) =>
  buildQuoteLine({ lineId, sku: buildSkuPrices(privateFen), ...overrides });
const freeFrom99 = { baseFeeFen: f(800), freeThresholdFen: f(9900) };
const noShipping = { baseFeeFen: f(0), freeThresholdFen: null };
/** ¥196 + ¥55 + ¥49 = ¥300, free shipping. */
const cart300 = [line('L1', 9800, { quantity: 2 }), line('L2', 5500), line('L3', 4900)];

function solve(
  lines: QuoteLineInput[],
  candidates: PromotionCandidateInput[],
  overrides: Partial<SolvePromotionsParams> & { shipping?: QuoteInput['shipping'] } = {},
): PromotionSolution {
  const { shipping = freeFrom99, ...rest } = overrides;
  return solvePromotions({ input: { lines, member: null, shipping }, candidates, matrix: DEFAULT_STACKING_MATRIX, ...rest });
}

const coupon = (id: string, rule: PromotionCandidateInput['rule'], overrides: Partial<PromotionCandidateInput> = {}) =>
  buildCandidate({ id, rule, ...overrides });
const store = (id: string, rule: PromotionCandidateInput['rule'], overrides: Partial<PromotionCandidateInput> = {}) =>
  buildCandidate({ id, rule, group: 'store_promotion', kind: 'promotion', ...overrides });
const flash = (id: string, skuId: number, priceFen: number, maxQuantity = 1) =>
  buildCandidate({ id, rule: { kind: 'flash_price', skuId, priceFen, maxQuantity }, group: 'flash_sale', kind: 'flash_sale' });
const off199: PromotionRuleInput = { kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] };
const tenPercent: PromotionRuleInput = { kind: 'percent_off', offBp: 1000 };
const fixed = (offFen: number): PromotionRuleInput => ({ kind: 'fixed_off', offFen });

describe('solvePromotions: choosing', () => {
  it('prices the cart like the engine when there is nothing to choose', () => {
    const result = solve(cart300, []);
    expect(result.quote).toEqual(quote({ lines: cart300, member: null, shipping: freeFrom99, adjustments: [] }));
    expect([result.chosenIds, result.decisions, result.best, result.choiceDeltaFen]).toEqual([[], {}, { payableTotalFen: 30000, chosenIds: [] }, 0]);
  });

  it('picks the better of two coupons and says why the other was left', () => {
    const result = solve(cart300, [coupon('ten', tenPercent), coupon('big', off199)]);
    expect(result.chosenIds).toEqual(['big']);
    expect(result.quote.payableTotalFen).toBe(25000);
    expect(result.decisions).toEqual({
      big: { status: 'applied', amountFen: 5000, lineIds: ['L1', 'L2', 'L3'] },
      ten: { status: 'not_chosen', standaloneSavingFen: 3000 },
    });
    expect(result.quote.adjustments[0]).toMatchObject({ id: 'big', kind: 'coupon', label: '满199减50', appliedFen: 5000 });
    expect(result.explanation).toEqual([
      '第1行 私域价 ¥98.00 × 2 = ¥196.00',
      '第2行 私域价 ¥55.00 × 1 = ¥55.00',
      '第3行 私域价 ¥49.00 × 1 = ¥49.00',
      '商品小计 ¥300.00',
      '满199减50：第1–3行 -¥50.00',
      '运费 ¥0.00，已满¥99包邮（原运费 ¥8.00）',
      '应付 ¥250.00',
      '未选择 9折：已选更优惠组合',
    ]);
  });

  it.each<[string, number, string[], number]>([
    ['stacks a coupon measured on what the store promotion left, exactly at its threshold', 25000, ['store', 'coupon'], 19000],
    ['drops the store promotion when the coupon misses its threshold after it by 1 fen', 25001, ['coupon'], 24000],
  ])('%s', (_name, couponThresholdFen, chosenIds, payableTotalFen) => {
    const result = solve(cart300, [
      store('store', off199),
      coupon('coupon', { kind: 'threshold_off', tiers: [{ thresholdFen: couponThresholdFen, offFen: 6000 }] }),
    ]);
    expect(result.chosenIds).toEqual(chosenIds);
    expect(result.quote.payableTotalFen).toBe(payableTotalFen);
  });

  it('reports a store promotion left out for a better coupon as not chosen', () => {
    const result = solve(cart300, [store('store', off199), coupon('coupon', { kind: 'threshold_off', tiers: [{ thresholdFen: 30000, offFen: 6000 }] })]);
    expect(result.decisions.store).toEqual({ status: 'not_chosen', standaloneSavingFen: 5000 });
    expect(result.explanation).toContain('未选择 满199减50：已选更优惠组合');
  });

  it('uses a coupon on the lines a flash sale leaves when they cannot share a line', () => {
    const result = solve([line('L1', 5000), line('L2', 5000)], [flash('F', 101, 3000), coupon('ten', tenPercent)], { shipping: noShipping });
    expect(result.chosenIds).toEqual(['F', 'ten']);
    expect(result.decisions).toEqual({
      F: { status: 'applied', amountFen: 2000, lineIds: ['L1'] },
      ten: { status: 'applied', amountFen: 500, lineIds: ['L2'] },
    });
    expect(result.quote.payableTotalFen).toBe(7500);
  });

  it('gives up a flash sale when the coupon it blocks saves more, and names the conflict', () => {
    const off100: PromotionRuleInput = { kind: 'threshold_off', tiers: [{ thresholdFen: 10000, offFen: 3000 }] };
    const result = solve([line('L1', 5000), line('L2', 5000)], [flash('F', 101, 3000), coupon('C', off100)], { shipping: noShipping });
    expect(result.chosenIds).toEqual(['C']);
    expect(result.quote.payableTotalFen).toBe(7000);
    expect(result.decisions.F).toEqual({ status: 'not_combinable', withGroup: 'coupon', withCandidateId: 'C', lineIds: ['L1'] });
    expect(result.explanation).toContain('秒杀价¥30.00 不能与 优惠券 同享（第1行）');
  });

  it('lets a member discount take the lines a flash sale does not', () => {
    const tier = buildCandidate({ id: 'T', rule: { kind: 'tier_discount', tiers: { gold: 1000 } }, group: 'member_discount', kind: 'member_discount' });
    const result = solvePromotions({
      input: { lines: [line('L1', 5000), line('L2', 5000)], member: { tierCode: 'gold', isNewCustomer: false }, shipping: noShipping },
      candidates: [tier, flash('F', 101, 3000)],
      matrix: DEFAULT_STACKING_MATRIX,
    });
    expect(result.chosenIds).toEqual(['F', 'T']);
    expect(result.decisions.T).toEqual({ status: 'applied', amountFen: 500, lineIds: ['L2'] });
  });

  it('applies flash sales on different lines together, the better one where two share a line', () => {
    const result = solve([line('L1', 5000), line('L2', 5000)], [flash('F2', 101, 4000), flash('F3', 102, 4500), flash('F1', 101, 3000)], {
      shipping: noShipping,
    });
    expect(result.chosenIds).toEqual(['F1', 'F3']);
    expect(result.quote.payableTotalFen).toBe(7500);
    expect(result.decisions.F2).toEqual({ status: 'not_chosen', standaloneSavingFen: 1000 });
  });

  it('leaves out a flash sale whose saving would cost the free shipping', () => {
    const result = solve([line('L1', 5000), line('L2', 5000)], [flash('F1', 101, 4950), flash('F2', 102, 4940)]);
    expect(result.chosenIds).toEqual(['F2']);
    expect(result.quote.payableTotalFen).toBe(9940);
    expect(result.decisions.F1).toEqual({ status: 'not_chosen', standaloneSavingFen: 50 });
  });

  it('adds a shipping coupon once a goods discount brings the fee back', () => {
    const result = solve(
      [line('L1', 10000)],
      [coupon('C', fixed(500)), buildCandidate({ id: 'S', rule: { kind: 'free_shipping' }, group: 'shipping_coupon' })],
    );
    expect(result.chosenIds).toEqual(['C', 'S']);
    expect(result.quote.payableTotalFen).toBe(9500);
    expect(result.decisions.S).toEqual({ status: 'applied', amountFen: 800, lineIds: [] });
    expect(result.explanation).toEqual(expect.arrayContaining(['运费 ¥8.00，满¥99包邮（还差¥4.00）', '包邮券：运费 -¥8.00']));
  });

  it('says a shipping coupon cannot join a goods discount the matrix keeps apart', () => {
    const matrix: StackingMatrix = { pairs: { ...DEFAULT_STACKING_MATRIX.pairs, 'coupon|shipping_coupon': false } };
    const result = solve(
      [line('L1', 5000)],
      [coupon('C', fixed(1000)), buildCandidate({ id: 'S', rule: { kind: 'free_shipping' }, group: 'shipping_coupon' })],
      { matrix },
    );
    expect(result.chosenIds).toEqual(['C']);
    expect(result.decisions.S).toEqual({ status: 'not_combinable', withGroup: 'coupon', withCandidateId: 'C', lineIds: ['L1'] });
    expect(result.explanation).toContain('包邮券 不能与 优惠券 同享（第1行）');
  });

  it.each<[string, number, PromotionSolution['decisions'][string], number]>([
    ['applies a 满¥59包邮 activity exactly at its threshold', 5900, { status: 'applied', amountFen: f(800), lineIds: [] }, 5900],
    [
      'explains a 满¥59包邮 activity 1 fen short',
      5899,
      { status: 'not_applicable', reason: { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: f(5900), shortFen: f(1) } },
      6699,
    ],
  ])('%s', (_name, priceFen, decision, payableTotalFen) => {
    const result = solve([line('L1', priceFen)], [store('S', { kind: 'free_shipping', thresholdFen: 5900 })]);
    expect(result.decisions.S).toEqual(decision);
    expect(result.quote.payableTotalFen).toBe(payableTotalFen);
    if (decision.status === 'not_applicable') expect(result.explanation).toContain('满¥59包邮 还差¥0.01可用');
  });

  it.each<[string, boolean, string]>([
    ['a new customer gets the new-customer offer', true, 'applied'],
    ['a returning member does not', false, 'not_applicable'],
  ])('%s', (_name, isNewCustomer, status) => {
    const result = solvePromotions({
      input: { lines: [line('L1', 5000)], member: { tierCode: 'bronze', isNewCustomer }, shipping: noShipping },
      candidates: [coupon('N', { kind: 'new_customer', offFen: 1000 })],
      matrix: DEFAULT_STACKING_MATRIX,
    });
    expect(result.decisions.N?.status).toBe(status);
    expect(result.quote.payableTotalFen).toBe(isNewCustomer ? 4000 : 5000);
    if (!isNewCustomer) expect(result.explanation).toContain('新人首单减¥10 仅限新客首单');
  });
});

describe('solvePromotions: ties', () => {
  it('prefers the lower rank between equal savings, then the lower id', () => {
    expect(solve([line('L1', 5000)], [coupon('a', fixed(500), { rank: 2 }), coupon('b', fixed(500), { rank: 1 })]).chosenIds).toEqual(['b']);
    expect(solve([line('L1', 5000)], [coupon('b', fixed(500)), coupon('a', fixed(500))]).chosenIds).toEqual(['a']);
  });

  it('prefers fewer promotions for the same total, before rank', () => {
    const matrix: StackingMatrix = { pairs: { ...DEFAULT_STACKING_MATRIX.pairs, 'promo_code|store_promotion': false } };
    const promo = buildCandidate({ id: 'P', rule: fixed(1000), group: 'promo_code', kind: 'promo_code', rank: 9 });
    const result = solve([line('L1', 5000)], [store('S', fixed(500)), coupon('C', fixed(500)), promo], { matrix, shipping: noShipping });
    expect(result.chosenIds).toEqual(['P']);
    expect(result.quote.payableTotalFen).toBe(4000);
  });
});

describe('solvePromotions: the member’s choice', () => {
  const candidates = [
    coupon('ten', tenPercent),
    coupon('big', off199),
    coupon('huge', { kind: 'threshold_off', tiers: [{ thresholdFen: 50000, offFen: 10000 }] }),
  ];

  it('uses a forced coupon and says what it costs over the best', () => {
    const result = solve(cart300, candidates, { choice: { coupon: 'ten' } });
    expect([result.chosenIds, result.quote.payableTotalFen, result.best, result.choiceDeltaFen]).toEqual([
      ['ten'],
      27000,
      { payableTotalFen: 25000, chosenIds: ['big'] },
      2000,
    ]);
    expect(result.explanation).toEqual(expect.arrayContaining(['未使用 满199减50：已按您的选择', '当前选择比最优组合多付 ¥20.00']));
  });

  it('leaves out a forced coupon that cannot apply, says why, and uses no other coupon', () => {
    const result = solve(cart300, candidates, { choice: { coupon: 'huge' } });
    expect(result.chosenIds).toEqual([]);
    expect(result.decisions.huge).toEqual({ status: 'not_applicable', reason: { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 50000, shortFen: 20000 } });
    expect(result.explanation).toContain('满500减100 还差¥200.00可用');
    expect(result.choiceDeltaFen).toBe(5000);
  });

  it('uses no coupon when the member chose none', () => {
    const result = solve(cart300, candidates, { choice: { coupon: null } });
    expect([result.chosenIds, result.quote.payableTotalFen, result.choiceDeltaFen]).toEqual([[], 30000, 5000]);
    expect(result.decisions.big).toEqual({ status: 'not_chosen', standaloneSavingFen: 5000 });
  });

  it('keeps the other flash sales beside a forced one', () => {
    const result = solve([line('L1', 5000), line('L2', 5000)], [flash('F1', 101, 3000), flash('F2', 101, 4000), flash('F3', 102, 4500)], {
      shipping: noShipping,
      choice: { flash_sale: 'F2' },
    });
    expect([result.chosenIds, result.quote.payableTotalFen, result.choiceDeltaFen]).toEqual([['F2', 'F3'], 8500, 1000]);
  });

  it.each<[string, SolvePromotionsParams['choice']]>([
    ['an unknown candidate', { coupon: 'nope' }],
    ['a candidate of another group', { store_promotion: 'ten' }],
  ])('refuses a choice naming %s', (_name, choice) => {
    expect(() => solve(cart300, candidates, { choice })).toThrow(PricingInputError);
  });
});

describe('solvePromotions: options kept per group', () => {
  it('keeps the best by standalone saving, which can miss a better combination', () => {
    const candidates = [store('S', off199), coupon('A', { kind: 'threshold_off', tiers: [{ thresholdFen: 30000, offFen: 6000 }] }), coupon('B', fixed(2000))];
    expect(solve(cart300, candidates).chosenIds).toEqual(['S', 'B']);
    expect(solve(cart300, candidates, { maxOptionsPerGroup: 1 }).chosenIds).toEqual(['A']);
  });
});

describe('solvePromotions: input', () => {
  it.each<[string, PromotionCandidateInput[], QuoteLineInput[]]>([
    ['a duplicate candidate id', [coupon('A', fixed(100)), coupon('A', fixed(200))], cart300],
    ['an invalid rule', [coupon('A', fixed(0), { label: '坏规则' })], cart300],
    ['an unknown group', [{ ...coupon('A', fixed(100)), group: 'gift_card' as never }], cart300],
    ['an empty cart', [], []],
  ])('throws PricingInputError for %s', (_name, candidates, lines) => {
    expect(() => solve(lines, candidates)).toThrow(PricingInputError);
  });

  it('does not mutate its input', () => {
    const params: SolvePromotionsParams = {
      input: { lines: cart300, member: null, shipping: freeFrom99 },
      candidates: [coupon('A', off199), flash('F', 101, 100)],
      matrix: DEFAULT_STACKING_MATRIX,
    };
    const copy = structuredClone(params);
    solvePromotions(params);
    expect(params).toEqual(copy);
  });
});

describe('solvePromotions: speed', () => {
  it('solves 20 lines and 20 candidates in well under 50 ms', () => {
    const lines = Array.from({ length: 20 }, (_v, index) =>
      line(`L${String(index + 1)}`, 1000 + index * 537, { quantity: 1 + (index % 3), productId: 10 + (index % 5), categoryId: 1 + (index % 4) }),
    );
    const groups = ['member_discount', 'store_promotion', 'promo_code', 'coupon', 'shipping_coupon'] as const;
    const candidates = Array.from({ length: 20 }, (_v, index): PromotionCandidateInput => {
      const group = index < 3 ? 'flash_sale' : (groups[index % 5] ?? 'coupon');
      const rule: PromotionCandidateInput['rule'] =
        group === 'flash_sale'
          ? { kind: 'flash_price', skuId: 101 + index * 3, priceFen: 500, maxQuantity: 2 }
          : group === 'shipping_coupon'
            ? { kind: 'free_shipping', thresholdFen: index * 1000 }
            : group === 'member_discount'
              ? { kind: 'tier_discount', tiers: { gold: 300 + index * 50 } }
              : index % 3 === 0
                ? { kind: 'percent_off', offBp: 500 + index * 50, capFen: 3000 + index }
                : index % 3 === 1
                  ? {
                      kind: 'threshold_off',
                      tiers: [
                        { thresholdFen: 10000 + index * 1000, offFen: 1000 + index * 100 },
                        { thresholdFen: 50000, offFen: 8000 + index },
                      ],
                    }
                  : fixed(300 + index * 10);
      return buildCandidate({
        id: `C${String(index).padStart(2, '0')}`,
        group,
        rule,
        scope: index % 2 ? { kind: 'all' } : { kind: 'categories', categoryIds: [1 + (index % 4), 2] },
        rank: index,
      });
    });
    const allCombinable: StackingMatrix = { pairs: Object.fromEntries(STACKING_PAIR_KEYS.map((key) => [key, true])) };
    const params = (matrix: StackingMatrix): SolvePromotionsParams => ({
      input: { lines, member: { tierCode: 'gold', isNewCustomer: false }, shipping: { baseFeeFen: f(800), freeThresholdFen: f(150000) } },
      candidates,
      matrix,
    });
    const timings: number[] = [];
    for (const matrix of [DEFAULT_STACKING_MATRIX, allCombinable]) {
      solvePromotions(params(matrix)); // warm-up: the first call compiles the schemas
      for (let run = 0; run < 5; run += 1) {
        const started = performance.now();
        solvePromotions(params(matrix));
        timings.push(performance.now() - started);
      }
    }
    const median = timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? Infinity;
    expect(median).toBeLessThan(50);
  });
});

describe('solvePromotions: forced choices that only fit together', () => {
  // Found by the checkout-plan property test: the free-shipping coupon saves something only once the shipping
  // coupon has brought the goods under the free threshold; when the pair cannot stand, the solver must still
  // answer (dropping the forced candidates from the last group back), never throw.
  it('answers with a combination when the member forces a coupon and a shipping coupon', () => {
    const lines = [
      buildQuoteLine({ lineId: 'L1', skuId: 101, productId: 11, categoryId: 1, quantity: 2, sku: buildSkuPrices(2792) }),
      buildQuoteLine({ lineId: 'L2', skuId: 102, productId: 10, categoryId: 1, quantity: 1, sku: buildSkuPrices(0) }),
    ];
    const candidates = [
      coupon('coupon:1', { kind: 'free_shipping', thresholdFen: 0 }, { scope: { kind: 'categories', categoryIds: [1] } }),
      coupon(
        'ship:1',
        { kind: 'threshold_off', tiers: [{ thresholdFen: 5583, offFen: 5582 }] },
        { group: 'shipping_coupon', scope: { kind: 'products', productIds: [11] } },
      ),
    ];
    const pairs = Object.fromEntries(STACKING_PAIR_KEYS.map((key) => [key, key === 'coupon|shipping_coupon'])) as StackingMatrix['pairs'];
    const shipping = { baseFeeFen: f(1), freeThresholdFen: f(3) };
    const forced = solve(lines, candidates, { shipping, matrix: { pairs }, choice: { coupon: 'coupon:1', shipping_coupon: 'ship:1' } });
    const unforced = solve(lines, candidates, { shipping, matrix: { pairs } });
    expect(forced.quote.payableTotalFen).toBeGreaterThanOrEqual(unforced.quote.payableTotalFen);
    expect(forced.choiceDeltaFen).toBe(forced.quote.payableTotalFen - unforced.quote.payableTotalFen);
  });
});
