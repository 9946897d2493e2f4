import { describeIssue, storePromotionBodySchema } from '@siyu/shared';
import type { StorePromotionInput } from '../../../api/promotions';
import type { DayRange } from '../coupons/coupon-form';
import { buildRule, buildScope, type Built, type FieldPath, type RuleFieldError, type RuleFormValues, type ScopeFormValues } from '../rule-builder/rule-values';

/** The kinds a store-wide promotion may use (storePromotionBodySchema). */
export const STORE_PROMOTION_KINDS = ['threshold_off', 'percent_off', 'fixed_off', 'free_shipping'] as const;

export interface StorePromotionFormValues {
  name?: string;
  rule?: RuleFormValues;
  scope?: ScopeFormValues;
  range?: DayRange;
}

export function storePromotionFieldOf(path: readonly (string | number)[]): FieldPath | null {
  const [head] = path;
  if (head === 'name') return ['name'];
  if (head === 'startsAt' || head === 'endsAt') return ['range'];
  if (head === 'rule') return ['rule', 'kind'];
  if (head === 'scope') return ['scope', 'kind'];
  return null;
}

/** Form values → the POST /api/admin/store-promotions body. */
export function storePromotionBodyOfValues(values: StorePromotionFormValues): Built<StorePromotionInput> {
  const errors: RuleFieldError[] = [];
  const rule = buildRule(values.rule);
  if (!rule.ok) errors.push(...rule.errors.map((error) => ({ ...error, name: ['rule', ...error.name] })));
  const scope = buildScope(values.scope);
  if (!scope.ok) errors.push(...scope.errors.map((error) => ({ ...error, name: ['scope', ...error.name] })));
  const [from, to] = values.range ?? [null, null];
  if (!from || !to) errors.push({ name: ['range'], message: '请选择活动时间' });
  if (!rule.ok || !scope.ok || !from || !to || errors.length > 0) return { ok: false, errors };
  const body: StorePromotionInput = {
    name: (values.name ?? '').trim(),
    rule: rule.value,
    scope: scope.value,
    startsAt: from.toISOString(),
    endsAt: to.toISOString(),
  };
  const parsed = storePromotionBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: body };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      name: storePromotionFieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['name'],
      message: describeIssue(issue),
    })),
  };
}
