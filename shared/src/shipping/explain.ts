import { formatFen, type Fen } from '../money';
import type { ShippingGroup } from './fee';
import type { ShippingBasis, ShippingFeeRule } from './schemas';

function unitText(basis: ShippingBasis, units: number): string {
  if (basis === 'piece') return `${String(units)}件`;
  return units % 1000 === 0 ? `${String(units / 1000)}kg` : `${String(units)}g`;
}

/** "首件¥8.00，续1件¥2.00" / "首重1kg ¥10.00，续500g ¥3.00". */
export function describeFeeRule(basis: ShippingBasis, rule: ShippingFeeRule): string {
  const first = basis === 'piece' ? (rule.firstUnits === 1 ? '首件' : `首${unitText(basis, rule.firstUnits)}`) : `首重${unitText(basis, rule.firstUnits)} `;
  const more = basis === 'piece' ? `续${unitText(basis, rule.additionalUnits)}` : `续重${unitText(basis, rule.additionalUnits)} `;
  return `${first}${formatFen(rule.firstFeeFen)}，${more}${formatFen(rule.additionalFeeFen)}`;
}

/** "满¥99.00包邮 / 满3件包邮", or '' without a condition. */
export function describeFreeCondition(rule: ShippingFeeRule): string {
  const parts = [
    rule.freeAmountFen === null ? null : `满${formatFen(rule.freeAmountFen)}包邮`,
    rule.freePieces === null ? null : `满${String(rule.freePieces)}件包邮`,
  ];
  return parts.filter((part) => part !== null).join(' / ');
}

/**
 * One template's part of the fee, for the quote: which template and rule, and why it is free.
 * "运费模板「标准快递」（江苏省、浙江省、上海市）：3件，首件¥8.00，续1件¥2.00 = ¥12.00，已满¥59.00包邮".
 */
export function explainShippingGroup(group: ShippingGroup): string {
  const where = group.ruleProvinces.length > 0 ? `（${group.ruleProvinces.join('、')}）` : '';
  const head = `运费模板「${group.templateName}」${where}：${unitText(group.basis, group.units)}，${describeFeeRule(group.basis, group.rule)} = ${formatFen(group.baseFeeFen)}`;
  if (group.freeBy === 'amount' && group.rule.freeAmountFen !== null) return `${head}，已满${formatFen(group.rule.freeAmountFen)}包邮`;
  if (group.freeBy === 'pieces' && group.rule.freePieces !== null) return `${head}，已满${String(group.rule.freePieces)}件包邮`;
  if (group.shortOfFreeFen > 0 && group.rule.freeAmountFen !== null) {
    return `${head}，满${formatFen(group.rule.freeAmountFen)}包邮（还差${formatFen(group.shortOfFreeFen)}）`;
  }
  return head;
}

/** Every group's line, then the sum when several templates were combined. */
export function explainShippingComputation(result: { feeFen: Fen; groups: readonly ShippingGroup[] }): string[] {
  const lines = result.groups.map(explainShippingGroup);
  return result.groups.length > 1 ? [...lines, `多个运费模板分别计算后相加：${formatFen(result.feeFen)}`] : lines;
}
