import { describeIssue, TIER_CODES, TIER_NAMES, tiersBodySchema, type Tier, type TierCode } from '@siyu/shared';
import type { TiersInput } from '../../../api/membership';
import { fenToYuanText, yuanTextToFen } from '../../../components/YuanInput';
import type { FieldError } from '../../../errors/field-errors';

/**
 * One tier row of the editor as staff type it: the discount in percent (stored in basis points), the
 * points multiplier as "×1.5" (stored as 15000), the free-shipping threshold as yuan text.
 */
export interface TierRowValues {
  code: TierCode;
  name?: string;
  growthThreshold?: number | null;
  discountPercent?: number | null;
  pointsMultiplier?: number | null;
  freeShipping?: string;
  birthdayPoints?: number | null;
  birthdayCouponTemplateId?: number | null;
  monthlyCouponTemplateIds?: number[];
}

export interface TierFormValues {
  tiers: TierRowValues[];
}

type Built<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Percent and multiplier fields take two decimals; one rounding each, to whole basis points. */
export const percentToBp = (percent: number): number => Math.round(percent * 100);
export const multiplierToBp = (times: number): number => Math.round(times * 10_000);

export function valuesOfTiers(tiers: readonly Tier[]): TierFormValues {
  return {
    tiers: tiers.map((tier) => ({
      code: tier.code,
      name: tier.name,
      growthThreshold: tier.growthThreshold,
      discountPercent: tier.discountBp / 100,
      pointsMultiplier: tier.pointsMultiplierBp / 10_000,
      freeShipping: fenToYuanText(tier.freeShippingThresholdFen),
      birthdayPoints: tier.birthdayPoints,
      birthdayCouponTemplateId: tier.birthdayCouponTemplateId,
      monthlyCouponTemplateIds: [...tier.monthlyCouponTemplateIds],
    })),
  };
}

/**
 * Why row `index`'s threshold is out of order, or null: bronze starts at 0 and every threshold is
 * above the one before (so each member falls in exactly one tier).
 */
export function thresholdProblem(rows: readonly Pick<TierRowValues, 'code' | 'growthThreshold'>[], index: number): string | null {
  const threshold = rows[index]?.growthThreshold;
  if (typeof threshold !== 'number') return '请输入成长值门槛';
  if (index === 0) return threshold === 0 ? null : `${TIER_NAMES.bronze}的门槛必须是 0`;
  const previous = rows[index - 1];
  const before = previous?.growthThreshold;
  if (typeof before === 'number' && threshold <= before) return `须高于${previous ? TIER_NAMES[previous.code] : '上一等级'}的 ${before}`;
  return null;
}

/** Body path of the shared schema → the editor's field ('discountBp' is typed as 'discountPercent'…). */
export function tierFieldOf(path: readonly (string | number)[]): (string | number)[] | null {
  const [head, index, field] = path;
  if (head !== 'tiers' || typeof index !== 'number') return null;
  switch (field) {
    case 'discountBp':
      return ['tiers', index, 'discountPercent'];
    case 'pointsMultiplierBp':
      return ['tiers', index, 'pointsMultiplier'];
    case 'freeShippingThresholdFen':
      return ['tiers', index, 'freeShipping'];
    case 'monthlyCouponTemplateIds':
      return ['tiers', index, 'monthlyCouponTemplateIds'];
    case 'code':
    case undefined:
      return ['tiers', index, 'name'];
    default:
      return typeof field === 'string' ? ['tiers', index, field] : null;
  }
}

function rowToTier(row: TierRowValues, index: number, errors: FieldError[]): Tier {
  const freeShippingThresholdFen = yuanTextToFen(row.freeShipping);
  if (freeShippingThresholdFen === undefined) errors.push({ name: ['tiers', index, 'freeShipping'], errors: ['金额格式错误：最多两位小数'] });
  return {
    code: row.code,
    name: (row.name ?? '').trim(),
    growthThreshold: row.growthThreshold ?? -1,
    discountBp: percentToBp(row.discountPercent ?? 0),
    pointsMultiplierBp: multiplierToBp(row.pointsMultiplier ?? 1),
    freeShippingThresholdFen: freeShippingThresholdFen ?? null,
    birthdayPoints: row.birthdayPoints ?? 0,
    birthdayCouponTemplateId: row.birthdayCouponTemplateId ?? null,
    monthlyCouponTemplateIds: row.monthlyCouponTemplateIds ?? [],
  };
}

/** Editor values → the PUT body, checked with the schema the server runs (field errors otherwise). */
export function tiersBodyOfValues(values: TierFormValues): Built<TiersInput> {
  const errors: FieldError[] = [];
  const rows = values.tiers;
  if (rows.length !== TIER_CODES.length) return { ok: false, errors: [{ name: ['tiers', 0, 'name'], errors: ['需要五个等级'] }] };
  rows.forEach((_, index) => {
    const problem = thresholdProblem(rows, index);
    if (problem) errors.push({ name: ['tiers', index, 'growthThreshold'], errors: [problem] });
  });
  const body: TiersInput = { tiers: rows.map((row, index) => rowToTier(row, index, errors)) };
  if (errors.length > 0) return { ok: false, errors };
  const parsed = tiersBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: body };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      return { name: tierFieldOf(path) ?? ['tiers', 0, 'name'], errors: [describeIssue(issue)] };
    }),
  };
}

/** True when a save changes a threshold (the server then re-evaluates every member). */
export function changesThresholds(before: readonly Tier[], after: readonly Tier[]): boolean {
  return after.some((tier, index) => before[index]?.growthThreshold !== tier.growthThreshold);
}
