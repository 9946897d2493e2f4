import { addFen, mulFen, subFen, toFen, type Fen } from '../money';
import { provinceName } from './provinces';
import type { ShippingBasis, ShippingFeeRule, ShippingLine, ShippingTemplate } from './schemas';

/** What one template will charge for the lines that use it, before its free-shipping amount is checked. */
export interface PlannedShippingGroup {
  templateId: number;
  templateName: string;
  basis: ShippingBasis;
  lineIds: string[];
  /** Names of the provinces of the matched region rule; empty when the default rule applied. */
  ruleProvinces: string[];
  rule: ShippingFeeRule;
  pieces: number;
  /** Pieces, or grams for a weight template. */
  units: number;
  /** The lines' goods at the member's price, before any discount. */
  goodsFen: Fen;
  /** The rule's fee before free-shipping conditions. */
  baseFeeFen: Fen;
}

/** A group once its free-shipping conditions were checked against what its goods cost. */
export interface ShippingGroup extends PlannedShippingGroup {
  /** What the free-shipping amount was measured on (the goods after goods discounts, at checkout). */
  measuredFen: Fen;
  /** Why it is free: the goods reached the amount, or the pieces reached the count; null = charged. */
  freeBy: 'amount' | 'pieces' | null;
  /** Fen still missing to reach a free-shipping amount (0 when free or when there is none). */
  shortOfFreeFen: Fen;
  feeFen: Fen;
}

export type ShippingPlan =
  | { isDeliverable: true; groups: PlannedShippingGroup[] }
  /** Some lines' templates do not deliver to the province: nothing is charged, the order cannot be placed. */
  | { isDeliverable: false; provinceCode: string; undeliverableLineIds: string[] };

export type ShippingComputation =
  { isDeliverable: true; feeFen: Fen; groups: ShippingGroup[] } | { isDeliverable: false; provinceCode: string; undeliverableLineIds: string[] };

/**
 * A rule's fee for `units` pieces or grams: the first fee up to `firstUnits`, then the additional fee
 * for each started step of `additionalUnits` (1,001 g with a 1,000 g first weight and 500 g steps
 * is one step). A parcel is never cheaper than its first step, even at 0 g.
 */
export function ruleFeeFen(rule: ShippingFeeRule, units: number): Fen {
  if (units <= rule.firstUnits) return rule.firstFeeFen;
  const steps = Math.ceil((units - rule.firstUnits) / rule.additionalUnits);
  return addFen(rule.firstFeeFen, mulFen(rule.additionalFeeFen, steps));
}

/** The rule a template applies in a province (null: no address yet, the default rule). */
function ruleFor(template: ShippingTemplate, provinceCode: string | null): { rule: ShippingFeeRule; provinces: string[] } {
  const regionRule = provinceCode === null ? undefined : template.regionRules.find((rule) => rule.provinceCodes.includes(provinceCode));
  if (!regionRule) return { rule: template.defaultRule, provinces: [] };
  const { provinceCodes, ...rule } = regionRule;
  return { rule, provinces: provinceCodes.map(provinceName) };
}

function planGroup(template: ShippingTemplate, provinceCode: string | null, lines: readonly ShippingLine[]): PlannedShippingGroup {
  const { rule, provinces } = ruleFor(template, provinceCode);
  const pieces = lines.reduce((sum, line) => sum + line.quantity, 0);
  const units = template.basis === 'piece' ? pieces : lines.reduce((sum, line) => sum + line.quantity * line.unitWeightGrams, 0);
  return {
    templateId: template.id,
    templateName: template.name,
    basis: template.basis,
    lineIds: lines.map((line) => line.lineId),
    ruleProvinces: provinces,
    rule,
    pieces,
    units,
    goodsFen: addFen(...lines.map((line) => line.goodsFen)),
    baseFeeFen: ruleFeeFen(rule, units),
  };
}

/**
 * Checks a group's free-shipping conditions: free when `measuredFen` (its goods; at checkout after
 * goods discounts) reaches the amount (≥), or its pieces reach the count.
 */
export function settleGroup(group: PlannedShippingGroup, measuredFen: Fen): ShippingGroup {
  const { rule, baseFeeFen } = group;
  const isFreeByAmount = rule.freeAmountFen !== null && measuredFen >= rule.freeAmountFen;
  const isFreeByPieces = rule.freePieces !== null && group.pieces >= rule.freePieces;
  const freeBy = baseFeeFen === 0 ? null : isFreeByAmount ? 'amount' : isFreeByPieces ? 'pieces' : null;
  const isCharged = freeBy === null && baseFeeFen > 0;
  const shortOfFreeFen = isCharged && rule.freeAmountFen !== null ? subFen(rule.freeAmountFen, measuredFen) : toFen(0);
  return { ...group, measuredFen, freeBy, shortOfFreeFen, feeFen: freeBy === null ? baseFeeFen : toFen(0) };
}

/**
 * Groups a cart's lines by template (their own, else `defaultTemplate`) and finds each group's rule for
 * `provinceCode` (null: no address yet → each template's default rule). Any line whose template does
 * not deliver to the province makes the whole cart undeliverable, listing those lines.
 */
export function planShipping(
  templates: readonly ShippingTemplate[],
  defaultTemplate: ShippingTemplate,
  provinceCode: string | null,
  lines: readonly ShippingLine[],
): ShippingPlan {
  const byId = new Map(templates.map((template) => [template.id, template]));
  const groups = new Map<number, { template: ShippingTemplate; lines: ShippingLine[] }>();
  for (const line of lines) {
    const template = (line.templateId === null ? undefined : byId.get(line.templateId)) ?? defaultTemplate;
    const group = groups.get(template.id) ?? { template, lines: [] };
    group.lines.push(line);
    groups.set(template.id, group);
  }
  if (provinceCode !== null) {
    const undeliverable = [...groups.values()].filter((group) => group.template.undeliverableProvinceCodes.includes(provinceCode));
    if (undeliverable.length > 0) {
      return { isDeliverable: false, provinceCode, undeliverableLineIds: undeliverable.flatMap((group) => group.lines.map((line) => line.lineId)) };
    }
  }
  return { isDeliverable: true, groups: [...groups.values()].map((group) => planGroup(group.template, provinceCode, group.lines)) };
}

/**
 * The fee of a cart: each template's group priced on its own, the fees summed (按商品累加运费); free
 * amounts measured on each group's goods before discounts (checkout measures them after goods discounts,
 * see pricing/template-shipping.ts).
 */
export function computeShipping(
  templates: readonly ShippingTemplate[],
  defaultTemplate: ShippingTemplate,
  provinceCode: string | null,
  lines: readonly ShippingLine[],
): ShippingComputation {
  const plan = planShipping(templates, defaultTemplate, provinceCode, lines);
  if (!plan.isDeliverable) return plan;
  const groups = plan.groups.map((group) => settleGroup(group, group.goodsFen));
  return { isDeliverable: true, feeFen: addFen(...groups.map((group) => group.feeFen)), groups };
}
