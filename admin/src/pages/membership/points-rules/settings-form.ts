import { describeIssue, membershipSettingsSchema, type MembershipSettings } from '@siyu/shared';
import type { FieldError } from '../../../errors/field-errors';
import { percentToBp } from '../tiers/tier-form';

/** Integer settings typed as they are stored. */
type PlainKey = Exclude<
  keyof MembershipSettings,
  'growthCreditDelayDays' | 'retentionRule' | 'pointsMaxShareBp' | 'allowNegativeBalance' | 'checkinStreakBonus'
>;

/**
 * The 积分规则 form: the settings as staff type them — the growth credit as a choice (on completion, or
 * N days after payment), the points cap as a percent, the streak bonus as rows of (days, points).
 */
export type SettingsFormValues = { [K in PlainKey]?: number | null } & {
  growthCreditMode: 'on_complete' | 'after_days';
  growthCreditDelayDays?: number | null;
  retentionRule: MembershipSettings['retentionRule'];
  pointsMaxSharePercent?: number | null;
  allowNegativeBalance: boolean;
  streakBonus: { days?: number | null; points?: number | null }[];
};

const PLAIN_KEYS: readonly PlainKey[] = [
  'growthPerYuan',
  'downgradeGraceDays',
  'downgradeWarningDays',
  'pointsPerYuan',
  'pointsPendingDays',
  'pointsExpiryYears',
  'pointsPerYuanRedeemed',
  'signupPoints',
  'firstPurchasePoints',
  'referralPoints',
  'checkinPoints',
  'growthForProfileCompleted',
  'growthForFirstReview',
  'firstReviewPoints',
];

export function valuesOfSettings(settings: MembershipSettings): SettingsFormValues {
  const plain: { [K in PlainKey]?: number } = {};
  for (const key of PLAIN_KEYS) plain[key] = settings[key];
  return {
    ...plain,
    growthCreditMode: settings.growthCreditDelayDays === null ? 'on_complete' : 'after_days',
    growthCreditDelayDays: settings.growthCreditDelayDays ?? 7,
    retentionRule: settings.retentionRule,
    pointsMaxSharePercent: settings.pointsMaxShareBp / 100,
    allowNegativeBalance: settings.allowNegativeBalance,
    streakBonus: Object.entries(settings.checkinStreakBonus)
      .map(([days, points]) => ({ days: Number(days), points }))
      .sort((a, b) => a.days - b.days),
  };
}

/** Body path → form field. */
export function settingsFieldOf(path: readonly (string | number)[]): (string | number)[] | null {
  const [head] = path;
  if (head === 'pointsMaxShareBp') return ['pointsMaxSharePercent'];
  if (head === 'checkinStreakBonus') return ['streakBonus'];
  return typeof head === 'string' ? [head] : null;
}

type Built = { ok: true; value: MembershipSettings } | { ok: false; errors: FieldError[] };

/** Form values → the PUT body, checked with the shared schema; streak days must be distinct. */
export function settingsBodyOfValues(values: SettingsFormValues): Built {
  const errors: FieldError[] = [];
  const checkinStreakBonus: Record<string, number> = {};
  values.streakBonus.forEach((row, index) => {
    if (typeof row.days !== 'number' || typeof row.points !== 'number') {
      errors.push({ name: ['streakBonus', index, typeof row.days !== 'number' ? 'days' : 'points'], errors: ['必填'] });
      return;
    }
    const key = String(row.days);
    if (key in checkinStreakBonus) errors.push({ name: ['streakBonus', index, 'days'], errors: ['天数重复'] });
    checkinStreakBonus[key] = row.points;
  });
  const plain: Record<string, number | undefined> = {};
  for (const key of PLAIN_KEYS) plain[key] = values[key] ?? undefined;
  const body = {
    ...plain,
    growthCreditDelayDays: values.growthCreditMode === 'on_complete' ? null : (values.growthCreditDelayDays ?? undefined),
    retentionRule: values.retentionRule,
    pointsMaxShareBp: typeof values.pointsMaxSharePercent === 'number' ? percentToBp(values.pointsMaxSharePercent) : undefined,
    allowNegativeBalance: values.allowNegativeBalance,
    checkinStreakBonus,
  };
  if (errors.length > 0) return { ok: false, errors };
  // Every field is sent: a missing one would silently fall back to its default.
  const missing = Object.entries(body).filter(([, value]) => value === undefined);
  if (missing.length > 0) return { ok: false, errors: missing.map(([key]) => ({ name: settingsFieldOf([key]) ?? [key], errors: ['必填'] })) };
  const parsed = membershipSettingsSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      name: settingsFieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['growthPerYuan'],
      errors: [describeIssue(issue)],
    })),
  };
}
