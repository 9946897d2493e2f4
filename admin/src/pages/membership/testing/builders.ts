import { DEFAULT_MEMBERSHIP_SETTINGS, toFen, type PointsMallItemView, type Tier, type TierReevaluationView, type TiersAdminView } from '@siyu/shared';

/** Views as the membership endpoints answer them (component tests). */

/** The five default tiers (the migration's rows). */
export function buildTiers(): Tier[] {
  const row = (
    code: Tier['code'],
    name: string,
    growthThreshold: number,
    discountBp: number,
    pointsMultiplierBp: number,
    freeShippingThresholdFen: number | null,
    birthdayPoints: number,
  ): Tier => ({
    code,
    name,
    growthThreshold,
    discountBp,
    pointsMultiplierBp,
    freeShippingThresholdFen: freeShippingThresholdFen === null ? null : toFen(freeShippingThresholdFen),
    birthdayCouponTemplateId: null,
    birthdayPoints,
    monthlyCouponTemplateIds: [],
  });
  return [
    row('bronze', '青铜', 0, 0, 10_000, null, 50),
    row('silver', '白银', 500, 0, 12_000, null, 100),
    row('gold', '黄金', 2000, 0, 15_000, null, 200),
    row('platinum', '铂金', 5000, 300, 18_000, 0, 500),
    row('diamond', '钻石', 10_000, 500, 20_000, 0, 1000),
  ];
}

export function buildReevaluation(overrides: Partial<TierReevaluationView> = {}): TierReevaluationView {
  return { id: 4, status: 'queued', total: 10, processed: 0, changed: 0, error: null, createdAt: '2026-11-24T04:00:00.000Z', ...overrides };
}

export function buildTiersView(overrides: Partial<TiersAdminView> = {}): TiersAdminView {
  return { tiers: buildTiers(), settings: DEFAULT_MEMBERSHIP_SETTINGS, reevaluation: null, ...overrides };
}

export function buildMallItem(overrides: Partial<PointsMallItemView> = {}): PointsMallItemView {
  return {
    id: 9,
    title: '无门槛5元券',
    kind: 'coupon',
    couponTemplateId: 3,
    skuId: null,
    pointsPrice: 450,
    cashFen: 0,
    stock: 500,
    redeemedCount: 12,
    remaining: 488,
    perMemberLimit: 2,
    status: 'on_sale',
    minTier: null,
    image: null,
    sortOrder: 2,
    ...overrides,
  };
}
