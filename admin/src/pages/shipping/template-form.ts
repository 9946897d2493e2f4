import type { ShippingBasis, ShippingFeeRule, ShippingTemplate } from '@siyu/shared';
import type { ShippingTemplateBody } from '../../api/shipping';
import { fenToYuanText, yuanTextToFen } from '../../components/YuanInput';

/** A fee rule as the form holds it: amounts as yuan text, weights in grams. */
export interface RuleFields {
  firstUnits: number;
  firstFee: string;
  additionalUnits: number;
  additionalFee: string;
  freeAmount?: string;
  freePieces?: number | null;
}

export interface TemplateFields {
  name: string;
  basis: ShippingBasis;
  isDefault: boolean;
  defaultRule: RuleFields;
  regionRules: Array<RuleFields & { provinceCodes: string[] }>;
  undeliverableProvinceCodes: string[];
}

/** A new template: ¥8 the first piece, ¥2 each further one. */
export const NEW_TEMPLATE: TemplateFields = {
  name: '',
  basis: 'piece',
  isDefault: false,
  defaultRule: { firstUnits: 1, firstFee: '8.00', additionalUnits: 1, additionalFee: '2.00' },
  regionRules: [],
  undeliverableProvinceCodes: [],
};

function ruleFields(rule: ShippingFeeRule): RuleFields {
  return {
    firstUnits: rule.firstUnits,
    firstFee: fenToYuanText(rule.firstFeeFen),
    additionalUnits: rule.additionalUnits,
    additionalFee: fenToYuanText(rule.additionalFeeFen),
    freeAmount: rule.freeAmountFen === null ? '' : fenToYuanText(rule.freeAmountFen),
    freePieces: rule.freePieces,
  };
}

/** A stored template in the form's shape. */
export function templateFields(template: ShippingTemplate): TemplateFields {
  return {
    name: template.name,
    basis: template.basis,
    isDefault: template.isDefault,
    defaultRule: ruleFields(template.defaultRule),
    regionRules: template.regionRules.map((rule) => ({ ...ruleFields(rule), provinceCodes: rule.provinceCodes })),
    undeliverableProvinceCodes: template.undeliverableProvinceCodes,
  };
}

function toRule(fields: RuleFields): ShippingFeeRule {
  return {
    firstUnits: fields.firstUnits,
    firstFeeFen: yuanTextToFen(fields.firstFee) ?? (0 as ShippingFeeRule['firstFeeFen']),
    additionalUnits: fields.additionalUnits,
    additionalFeeFen: yuanTextToFen(fields.additionalFee) ?? (0 as ShippingFeeRule['additionalFeeFen']),
    freeAmountFen: yuanTextToFen(fields.freeAmount) ?? null,
    freePieces: fields.freePieces ?? null,
  };
}

/** The body to send: yuan text becomes fen (the yuan rules already refused a malformed amount). */
export function templateBody(fields: TemplateFields): ShippingTemplateBody {
  return {
    name: fields.name,
    basis: fields.basis,
    isDefault: fields.isDefault,
    defaultRule: toRule(fields.defaultRule),
    regionRules: (fields.regionRules ?? []).map((rule) => ({ ...toRule(rule), provinceCodes: rule.provinceCodes })),
    undeliverableProvinceCodes: fields.undeliverableProvinceCodes ?? [],
  };
}
