import { asc, eq } from 'drizzle-orm';
import { DEFAULT_MEMBERSHIP_SETTINGS, membershipSettingsSchema, TIER_CODES, type MembershipSettings, type Tier, type TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { membershipSettings, tiers } from '../../db/schema';

/** The store's membership and points settings; the defaults until an owner saves them. */
export async function loadMembershipSettings(db: Executor): Promise<MembershipSettings> {
  const [row] = await db.select().from(membershipSettings).where(eq(membershipSettings.id, 1));
  if (!row) return DEFAULT_MEMBERSHIP_SETTINGS;
  const parsed = membershipSettingsSchema.safeParse(row.settings);
  return parsed.success ? parsed.data : DEFAULT_MEMBERSHIP_SETTINGS;
}

/** The five tiers from bronze to diamond (the migration inserts them; staff edit them). */
export async function loadTiers(db: Executor): Promise<Tier[]> {
  const rows = await db.select().from(tiers).orderBy(asc(tiers.growthThreshold));
  const byCode = new Map(rows.map((row) => [row.code, row]));
  return TIER_CODES.map((code) => {
    const row = byCode.get(code);
    if (!row) throw new Error(`tier ${code} is missing (migration 0005 inserts it)`);
    return {
      code,
      name: row.name,
      growthThreshold: row.growthThreshold,
      discountBp: row.discountBp,
      pointsMultiplierBp: row.pointsMultiplierBp,
      freeShippingThresholdFen: (row.freeShippingThresholdFen ?? null) as Tier['freeShippingThresholdFen'],
      birthdayCouponTemplateId: row.birthdayCouponTemplateId,
      birthdayPoints: row.birthdayPoints,
      monthlyCouponTemplateIds: row.monthlyCouponTemplateIds,
    };
  });
}

export function tierOf(all: readonly Tier[], code: string): Tier {
  const tier = all.find((entry) => entry.code === (code as TierCode));
  if (!tier) throw new Error(`unknown tier ${code}`);
  return tier;
}
