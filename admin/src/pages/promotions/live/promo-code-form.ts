import { describeIssue, promoCodeBodySchema } from '@siyu/shared';
import type { PromoCodeInput } from '../../../api/promotions';
import { buildRule, buildScope, type Built, type FieldPath, type RuleFieldError, type RuleFormValues, type ScopeFormValues } from '../rule-builder/rule-values';

/** The kinds a host reads out as a code. */
export const PROMO_CODE_KINDS = ['threshold_off', 'percent_off', 'fixed_off', 'free_shipping'] as const;

export interface PromoCodeFormValues {
  code?: string;
  rule?: RuleFormValues;
  scope?: ScopeFormValues;
  graceMinutes?: number | null;
  perMemberCap?: number | null;
  totalCap?: number | null;
}

export function promoCodeFieldOf(path: readonly (string | number)[]): FieldPath | null {
  const [head] = path;
  if (head === 'code' || head === 'graceMinutes' || head === 'perMemberCap' || head === 'totalCap') return [head];
  if (head === 'rule') return ['rule', 'kind'];
  if (head === 'scope') return ['scope', 'kind'];
  return null;
}

/** Form values → the POST /:id/promo-codes body (the code upper-cased as the server stores it). */
export function promoCodeBodyOfValues(values: PromoCodeFormValues): Built<PromoCodeInput> {
  const errors: RuleFieldError[] = [];
  const rule = buildRule(values.rule);
  if (!rule.ok) errors.push(...rule.errors.map((error) => ({ ...error, name: ['rule', ...error.name] })));
  const scope = buildScope(values.scope);
  if (!scope.ok) errors.push(...scope.errors.map((error) => ({ ...error, name: ['scope', ...error.name] })));
  if (!rule.ok || !scope.ok || errors.length > 0) return { ok: false, errors };
  const body: PromoCodeInput = {
    code: (values.code ?? '').trim().toUpperCase(),
    rule: rule.value,
    scope: scope.value,
    graceMinutes: values.graceMinutes ?? 0,
    perMemberCap: values.perMemberCap ?? 1,
    totalCap: values.totalCap ?? null,
  };
  const parsed = promoCodeBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: body };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      name: promoCodeFieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['code'],
      message: issue.path[0] === 'code' ? '3–20 位字母或数字' : describeIssue(issue),
    })),
  };
}
