import { tiersBodySchema } from '@siyu/shared';
import { buildTiers } from '../testing/builders';
import { changesThresholds, multiplierToBp, percentToBp, thresholdProblem, tierFieldOf, tiersBodyOfValues, valuesOfTiers } from './tier-form';

describe('tier form values', () => {
  it('round-trips the stored tiers exactly (the body the server accepts)', () => {
    const built = tiersBodyOfValues(valuesOfTiers(buildTiers()));
    expect(built).toEqual({ ok: true, value: { tiers: buildTiers() } });
    if (built.ok) expect(tiersBodySchema.parse(built.value)).toEqual(built.value);
  });

  it.each([
    [0.29, 29],
    [2.5, 250],
    [9.99, 999],
    [50, 5000],
  ])('%p %% off is %p basis points (one rounding)', (percent, bp) => expect(percentToBp(percent)).toBe(bp));

  it.each([
    [1, 10_000],
    [1.2, 12_000],
    [1.15, 11_500],
    [5, 50_000],
  ])('×%p is %p basis points', (times, bp) => expect(multiplierToBp(times)).toBe(bp));

  it('turns the free-shipping yuan into fen and an empty field into "no perk" (null)', () => {
    const values = valuesOfTiers(buildTiers());
    const [bronze, silver] = values.tiers;
    if (!bronze || !silver) throw new Error('tiers missing');
    bronze.freeShipping = '88.5';
    silver.freeShipping = '';
    const built = tiersBodyOfValues(values);
    expect(built.ok && built.value.tiers.map((tier) => tier.freeShippingThresholdFen)).toEqual([8850, null, null, 0, 0]);
  });

  it('flags thresholds out of order on the row that breaks it', () => {
    const rows = buildTiers().map((tier) => ({ code: tier.code, growthThreshold: tier.growthThreshold }));
    expect(rows.map((_, index) => thresholdProblem(rows, index))).toEqual([null, null, null, null, null]);
    const [bronze, , gold, platinum] = rows;
    if (!bronze || !gold || !platinum) throw new Error('tiers missing');
    platinum.growthThreshold = 2000;
    expect(thresholdProblem(rows, 3)).toBe('须高于黄金的 2000');
    bronze.growthThreshold = 10;
    expect(thresholdProblem(rows, 0)).toBe('青铜的门槛必须是 0');
    gold.growthThreshold = null as unknown as number;
    expect(thresholdProblem(rows, 2)).toBe('请输入成长值门槛');

    const values = valuesOfTiers(buildTiers());
    const diamond = values.tiers[4];
    if (!diamond) throw new Error('tiers missing');
    diamond.growthThreshold = 5000;
    expect(tiersBodyOfValues(values)).toEqual({ ok: false, errors: [{ name: ['tiers', 4, 'growthThreshold'], errors: ['须高于铂金的 5000'] }] });
  });

  it('maps the schema’s body paths onto the editor’s fields', () => {
    expect(tierFieldOf(['tiers', 2, 'discountBp'])).toEqual(['tiers', 2, 'discountPercent']);
    expect(tierFieldOf(['tiers', 2, 'pointsMultiplierBp'])).toEqual(['tiers', 2, 'pointsMultiplier']);
    expect(tierFieldOf(['tiers', 1, 'freeShippingThresholdFen'])).toEqual(['tiers', 1, 'freeShipping']);
    expect(tierFieldOf(['tiers', 1, 'monthlyCouponTemplateIds', 0])).toEqual(['tiers', 1, 'monthlyCouponTemplateIds']);
    expect(tierFieldOf(['settings'])).toBeNull();
  });

  it('knows when a save moves a threshold', () => {
    const after = buildTiers();
    expect(changesThresholds(buildTiers(), after)).toBe(false);
    const gold = after[2];
    if (!gold) throw new Error('tiers missing');
    gold.growthThreshold = 2500;
    expect(changesThresholds(buildTiers(), after)).toBe(true);
  });
});
