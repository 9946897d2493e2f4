import { couponTemplateBodySchema, describeIssue } from '@siyu/shared';
import type { Dayjs } from 'dayjs';
import type { CouponTemplateInput } from '../../../api/promotions';
import { yuanTextToFen } from '../../../components/YuanInput';
import {
  buildRule,
  buildScope,
  DEFAULT_RULE_VALUES,
  type Built,
  type FieldPath,
  type RuleFieldError,
  type RuleFormValues,
  type ScopeFormValues,
} from '../rule-builder/rule-values';

/** A date range as antd's RangePicker holds it (either end may be empty). */
export type DayRange = [Dayjs | null, Dayjs | null] | null | undefined;

/** The coupon template form: yuan text and dayjs values; `couponBodyOfValues` makes the request body. */
export interface CouponFormValues {
  name?: string;
  description?: string;
  rule?: RuleFormValues;
  scope?: ScopeFormValues;
  validityKind?: 'window' | 'after_claim';
  validRange?: DayRange;
  validDays?: number | null;
  claimRange?: DayRange;
  visibility?: 'public' | 'hidden';
  totalCount?: number | null;
  budget?: string;
  perMemberCap?: number | null;
}

export const DEFAULT_COUPON_VALUES: CouponFormValues = {
  rule: DEFAULT_RULE_VALUES,
  scope: { kind: 'all' },
  validityKind: 'after_claim',
  validDays: 7,
  visibility: 'public',
  perMemberCap: 1,
};

/** Body field → form field, for the shared schema's issues and the server's VALIDATION_FAILED details. */
export function couponFieldOf(path: readonly (string | number)[]): FieldPath | null {
  const [head] = path;
  switch (head) {
    case 'name':
    case 'description':
    case 'visibility':
    case 'totalCount':
    case 'perMemberCap':
      return [head];
    case 'budgetFen':
      return ['budget'];
    case 'validity':
      return path.includes('days') ? ['validDays'] : ['validRange'];
    case 'claimStartsAt':
    case 'claimEndsAt':
      return ['claimRange'];
    case 'rule':
      return ['rule', 'kind'];
    case 'scope':
      return ['scope', 'kind'];
    default:
      return null;
  }
}

const iso = (day: Dayjs | null | undefined): string | null => (day ? day.toISOString() : null);

function validityOf(values: CouponFormValues, errors: RuleFieldError[]): CouponTemplateInput['validity'] {
  if (values.validityKind === 'window') {
    const [from, to] = values.validRange ?? [null, null];
    if (!from || !to) errors.push({ name: ['validRange'], message: '请选择有效期' });
    return { kind: 'window', validFrom: iso(from) ?? '', validTo: iso(to) ?? '' };
  }
  if (!values.validDays) errors.push({ name: ['validDays'], message: '请输入天数' });
  return { kind: 'after_claim', days: values.validDays ?? 0 };
}

/** Form values → the POST /api/admin/coupon-templates body, checked with the server's schema. */
export function couponBodyOfValues(values: CouponFormValues): Built<CouponTemplateInput> {
  const errors: RuleFieldError[] = [];
  const rule = buildRule(values.rule);
  if (!rule.ok) errors.push(...rule.errors.map((error) => ({ ...error, name: ['rule', ...error.name] })));
  const scope = buildScope(values.scope);
  if (!scope.ok) errors.push(...scope.errors.map((error) => ({ ...error, name: ['scope', ...error.name] })));
  const budgetFen = yuanTextToFen(values.budget);
  if (budgetFen === undefined) errors.push({ name: ['budget'], message: '金额格式错误：最多两位小数' });
  const validity = validityOf(values, errors);
  if (!rule.ok || !scope.ok || budgetFen === undefined || errors.length > 0) return { ok: false, errors };
  const [claimFrom, claimTo] = values.claimRange ?? [null, null];
  const body: CouponTemplateInput = {
    name: (values.name ?? '').trim(),
    description: (values.description ?? '').trim(),
    rule: rule.value,
    scope: scope.value,
    validity,
    claimStartsAt: iso(claimFrom),
    claimEndsAt: iso(claimTo),
    visibility: values.visibility ?? 'public',
    totalCount: values.totalCount ?? null,
    budgetFen,
    perMemberCap: values.perMemberCap ?? 1,
  };
  const parsed = couponTemplateBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: body };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      name: couponFieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['name'],
      message: describeIssue(issue),
    })),
  };
}
