import { describeRule } from '@siyu/shared';
import { buildRule, buildScope, percentText, type RuleFormValues } from './rule-values';

const ok = (values: RuleFormValues) => {
  const built = buildRule(values);
  if (!built.ok) throw new Error(`expected a rule, got ${JSON.stringify(built.errors)}`);
  return built.value;
};
const errorsOf = (values: RuleFormValues) => {
  const built = buildRule(values);
  return built.ok ? [] : built.errors.map((error) => [error.name.join('.'), error.message]);
};

describe('buildRule', () => {
  it.each<[string, RuleFormValues, unknown, string]>([
    [
      '满减 ladder',
      {
        kind: 'threshold_off',
        tiers: [
          { threshold: '199', off: '50' },
          { threshold: '299.9', off: '80.5' },
        ],
      },
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 19900, offFen: 5000 },
          { thresholdFen: 29990, offFen: 8050 },
        ],
      },
      '满199减50/满299.90减80.50',
    ],
    [
      '折扣 with cap and threshold',
      { kind: 'percent_off', percentOff: 15, cap: '20', threshold: '99' },
      { kind: 'percent_off', offBp: 1500, capFen: 2000, thresholdFen: 9900 },
      '满¥99 8.5折 最高减¥20',
    ],
    [
      '折扣 without cap: capFen null, threshold 0',
      { kind: 'percent_off', percentOff: 12.5 },
      { kind: 'percent_off', offBp: 1250, capFen: null, thresholdFen: 0 },
      '8.75折',
    ],
    ['无门槛', { kind: 'fixed_off', off: '5' }, { kind: 'fixed_off', offFen: 500 }, '无门槛减¥5'],
    ['新客首单', { kind: 'new_customer', off: '10', threshold: '59' }, { kind: 'new_customer', offFen: 1000, thresholdFen: 5900 }, '新人首单满¥59减¥10'],
    ['包邮 from ¥59', { kind: 'free_shipping', threshold: '59' }, { kind: 'free_shipping', thresholdFen: 5900 }, '满¥59包邮'],
    ['包邮 without threshold', { kind: 'free_shipping' }, { kind: 'free_shipping', thresholdFen: 0 }, '包邮券'],
  ])('%s → rule JSON in fen', (_name, values, rule, text) => {
    const built = ok(values);
    expect(built).toEqual(rule);
    expect(describeRule(built)).toBe(text);
  });

  it('turns ¥0.1 + ¥0.2 amounts into exact fen (no float drift)', () => {
    expect(ok({ kind: 'threshold_off', tiers: [{ threshold: '0.3', off: '0.1' }] })).toEqual({
      kind: 'threshold_off',
      tiers: [{ thresholdFen: 30, offFen: 10 }],
    });
  });

  it.each<[string, RuleFormValues, [string, string][]]>([
    ['no kind', {}, [['kind', '请选择优惠类型']]],
    [
      'empty ladder row',
      { kind: 'threshold_off', tiers: [{}] },
      [
        ['tiers.0.threshold', '请输入金额'],
        ['tiers.0.off', '请输入金额'],
      ],
    ],
    ['off not below threshold', { kind: 'threshold_off', tiers: [{ threshold: '50', off: '50' }] }, [['tiers.0.off', '减免须小于门槛']]],
    [
      'threshold not above the previous tier',
      {
        kind: 'threshold_off',
        tiers: [
          { threshold: '199', off: '50' },
          { threshold: '199', off: '60' },
        ],
      },
      [['tiers.1.threshold', '门槛须高于上一档']],
    ],
    [
      'off not above the previous tier',
      {
        kind: 'threshold_off',
        tiers: [
          { threshold: '199', off: '50' },
          { threshold: '299', off: '50' },
        ],
      },
      [['tiers.1.off', '减免须高于上一档']],
    ],
    ['three decimals', { kind: 'fixed_off', off: '1.234' }, [['off', '金额格式错误：最多两位小数']]],
    ['zero off', { kind: 'fixed_off', off: '0' }, [['off', '金额须大于 0']]],
    ['percent out of range', { kind: 'percent_off', percentOff: 100 }, [['percentOff', '比例须在 0.1%–99.9% 之间']]],
    ['percent missing', { kind: 'percent_off' }, [['percentOff', '请输入折扣比例']]],
    ['new customer off above threshold', { kind: 'new_customer', off: '60', threshold: '59' }, [['off', '减免须小于门槛']]],
  ])('refuses %s with the field to blame', (_name, values, errors) => {
    expect(errorsOf(values)).toEqual(errors);
  });
});

describe('buildScope', () => {
  it('defaults to the whole shop and needs a choice for products or categories', () => {
    expect(buildScope(undefined)).toEqual({ ok: true, value: { kind: 'all' } });
    expect(buildScope({ kind: 'products', productIds: [3, 7] })).toEqual({ ok: true, value: { kind: 'products', productIds: [3, 7] } });
    expect(buildScope({ kind: 'categories', categoryIds: [] })).toEqual({ ok: false, errors: [{ name: ['categoryIds'], message: '请选择分类' }] });
    // Ids chosen for another kind are not sent.
    expect(buildScope({ kind: 'all', productIds: [3] })).toEqual({ ok: true, value: { kind: 'all' } });
  });
});

describe('percentText', () => {
  it.each([
    [6000, '60%'],
    [1250, '12.5%'],
    [1, '0.01%'],
    [10_000, '100%'],
  ])('%i bp → %s', (bp, text) => expect(percentText(bp)).toBe(text));
});
