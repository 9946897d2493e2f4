import type { ShippingFeeRule, ShippingTemplateInput } from '@siyu/shared';

/** A fee rule: ¥8 the first piece, ¥2 each further piece, free from ¥99. */
export function buildFeeRule(overrides: Partial<Record<keyof ShippingFeeRule, number | null>> = {}) {
  return { firstUnits: 1, firstFeeFen: 800, additionalUnits: 1, additionalFeeFen: 200, freeAmountFen: 9900, freePieces: null, ...overrides };
}

/** The demo template's shape: 江浙沪 free from ¥59, 新疆/西藏 ¥20 + ¥5, 港澳台 not delivered. */
export function buildTemplateBody(overrides: Partial<Record<keyof ShippingTemplateInput, unknown>> = {}) {
  return {
    name: '标准快递',
    basis: 'piece',
    isDefault: true,
    defaultRule: buildFeeRule(),
    regionRules: [
      { ...buildFeeRule({ freeAmountFen: 5900 }), provinceCodes: ['310000', '320000', '330000'] },
      { ...buildFeeRule({ firstFeeFen: 2000, additionalFeeFen: 500, freeAmountFen: null }), provinceCodes: ['650000', '540000'] },
    ],
    undeliverableProvinceCodes: ['710000', '810000', '820000'],
    ...overrides,
  };
}
