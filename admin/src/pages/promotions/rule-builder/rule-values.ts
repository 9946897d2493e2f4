import { describeIssue, promotionRuleSchema, promotionScopeSchema, type PromotionRule, type PromotionScope } from '@siyu/shared';
import { yuanTextToFen } from '../../../components/YuanInput';

/**
 * The rule builder's form values (amounts as yuan text, the rate as a percentage) and their
 * conversion to the shared rule JSON (integer fen, basis points). Pure, so the conversion is tested
 * without a browser; the form and the live preview both go through `buildRule`.
 */

/** The kinds a staff member builds by hand (flash prices and tier discounts have their own pages). */
export const BUILDER_RULE_KINDS = ['threshold_off', 'percent_off', 'fixed_off', 'new_customer', 'free_shipping'] as const;
export type BuilderRuleKind = (typeof BUILDER_RULE_KINDS)[number];

export const RULE_KIND_NAMES: Readonly<Record<BuilderRuleKind, string>> = {
  threshold_off: '满减',
  percent_off: '折扣',
  fixed_off: '无门槛',
  new_customer: '新客首单',
  free_shipping: '包邮',
};

export interface LadderRowValues {
  threshold?: string;
  off?: string;
}

export interface RuleFormValues {
  kind?: BuilderRuleKind;
  /** 满减 ladder, lowest threshold first. */
  tiers?: LadderRowValues[];
  /** Percentage taken off (15 = 8.5折), at most one decimal. */
  percentOff?: number | null;
  /** The most a percentage discount takes off; empty for no cap. */
  cap?: string;
  /** Minimum goods subtotal; empty means none. */
  threshold?: string;
  off?: string;
}

export type FieldPath = (string | number)[];
export interface RuleFieldError {
  /** Path inside the rule's (or scope's) values, e.g. ['tiers', 1, 'off']. */
  name: FieldPath;
  message: string;
}

export type Built<T> = { ok: true; value: T } | { ok: false; errors: RuleFieldError[] };

export const DEFAULT_RULE_VALUES: RuleFormValues = { kind: 'threshold_off', tiers: [{}] };

/** Fen of a yuan field, collecting the error; `required: false` treats empty as 0. */
function fenOf(text: string | undefined, name: FieldPath, errors: RuleFieldError[], required: boolean): number {
  const fen = yuanTextToFen(text);
  if (fen === undefined) errors.push({ name, message: '金额格式错误：最多两位小数' });
  else if (fen === null) {
    if (required) errors.push({ name, message: '请输入金额' });
  } else if (fen < 0) errors.push({ name, message: '金额不能为负' });
  return typeof fen === 'number' ? fen : 0;
}

function positiveFen(text: string | undefined, name: FieldPath, errors: RuleFieldError[]): number {
  const before = errors.length;
  const fen = fenOf(text, name, errors, true);
  if (errors.length === before && fen <= 0) errors.push({ name, message: '金额须大于 0' });
  return fen;
}

function buildLadder(rows: LadderRowValues[], errors: RuleFieldError[]) {
  if (rows.length === 0) errors.push({ name: ['tiers'], message: '至少一档' });
  const tiers = rows.map((row, index) => {
    const thresholdFen = positiveFen(row.threshold, ['tiers', index, 'threshold'], errors);
    const offFen = positiveFen(row.off, ['tiers', index, 'off'], errors);
    if (thresholdFen > 0 && offFen >= thresholdFen) errors.push({ name: ['tiers', index, 'off'], message: '减免须小于门槛' });
    return { thresholdFen, offFen };
  });
  tiers.forEach((tier, index) => {
    const previous = tiers[index - 1];
    if (!previous || errors.some((error) => error.name[1] === index)) return;
    if (tier.thresholdFen <= previous.thresholdFen) errors.push({ name: ['tiers', index, 'threshold'], message: '门槛须高于上一档' });
    else if (tier.offFen <= previous.offFen) errors.push({ name: ['tiers', index, 'off'], message: '减免须高于上一档' });
  });
  return tiers;
}

function buildPercent(values: RuleFormValues, errors: RuleFieldError[]) {
  const percent = values.percentOff;
  // One rounding, by the field's own precision (one decimal): 12.5 % → 1250 bp.
  const offBp = typeof percent === 'number' ? Math.round(percent * 100) : 0;
  if (typeof percent !== 'number') errors.push({ name: ['percentOff'], message: '请输入折扣比例' });
  else if (offBp < 10 || offBp > 9990) errors.push({ name: ['percentOff'], message: '比例须在 0.1%–99.9% 之间' });
  const capFen = yuanTextToFen(values.cap) === null ? null : positiveFen(values.cap, ['cap'], errors);
  const thresholdFen = fenOf(values.threshold, ['threshold'], errors, false);
  return { kind: 'percent_off' as const, offBp, capFen, thresholdFen };
}

/** The rule JSON as the kind needs it, before the shared schema has its say. */
function draftRule(values: RuleFormValues, errors: RuleFieldError[]): unknown {
  switch (values.kind) {
    case 'threshold_off':
      return { kind: 'threshold_off', tiers: buildLadder(values.tiers ?? [], errors) };
    case 'percent_off':
      return buildPercent(values, errors);
    case 'fixed_off':
      return { kind: 'fixed_off', offFen: positiveFen(values.off, ['off'], errors) };
    case 'new_customer': {
      const offFen = positiveFen(values.off, ['off'], errors);
      const thresholdFen = fenOf(values.threshold, ['threshold'], errors, false);
      if (thresholdFen > 0 && offFen >= thresholdFen) errors.push({ name: ['off'], message: '减免须小于门槛' });
      return { kind: 'new_customer', offFen, thresholdFen };
    }
    case 'free_shipping':
      return { kind: 'free_shipping', thresholdFen: fenOf(values.threshold, ['threshold'], errors, false) };
    default:
      errors.push({ name: ['kind'], message: '请选择优惠类型' });
      return null;
  }
}

/** Zod issue path → field path of the builder ('tiers.0.offFen' → ['tiers', 0, 'off']). */
function fieldOfIssuePath(path: readonly PropertyKey[]): FieldPath {
  const parts = path.filter((part): part is string | number => typeof part !== 'symbol');
  const last = parts[parts.length - 1];
  const renamed: Record<string, string> = { thresholdFen: 'threshold', offFen: 'off', capFen: 'cap', offBp: 'percentOff' };
  return typeof last === 'string' && renamed[last] ? [...parts.slice(0, -1), renamed[last]] : parts.length > 0 ? parts : ['kind'];
}

/** Form values → the rule in fen, or the errors to show beside the fields. */
export function buildRule(values: RuleFormValues | undefined): Built<PromotionRule> {
  const errors: RuleFieldError[] = [];
  const draft = draftRule(values ?? {}, errors);
  if (errors.length > 0) return { ok: false, errors };
  const parsed = promotionRuleSchema.safeParse(draft);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ name: fieldOfIssuePath(issue.path), message: describeIssue(issue) })) };
}

// ── Scope ─────────────────────────────────────────────────────────────────────────────────────────

export const SCOPE_KIND_NAMES = { all: '全店通用', products: '指定商品', categories: '指定分类' } as const;
export type ScopeKind = keyof typeof SCOPE_KIND_NAMES;

export interface ScopeFormValues {
  kind?: ScopeKind;
  productIds?: number[];
  categoryIds?: number[];
}

/** Form values → the scope JSON. */
export function buildScope(values: ScopeFormValues | undefined): Built<PromotionScope> {
  const kind = values?.kind ?? 'all';
  let draft: unknown = { kind: 'all' };
  if (kind === 'products') {
    if (!values?.productIds?.length) return { ok: false, errors: [{ name: ['productIds'], message: '请选择商品' }] };
    draft = { kind, productIds: values.productIds };
  } else if (kind === 'categories') {
    if (!values?.categoryIds?.length) return { ok: false, errors: [{ name: ['categoryIds'], message: '请选择分类' }] };
    draft = { kind, categoryIds: values.categoryIds };
  }
  const parsed = promotionScopeSchema.safeParse(draft);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ name: fieldOfIssuePath(issue.path), message: describeIssue(issue) })) };
}

/** "60%" for 6000 bp (at most two decimals, no float formatting). */
export function percentText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const fraction = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}
