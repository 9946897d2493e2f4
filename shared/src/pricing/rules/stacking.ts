import { z } from 'zod';

/** Stacking groups, in the order the solver applies them. */
export const STACKING_GROUPS = ['flash_sale', 'member_discount', 'store_promotion', 'promo_code', 'coupon', 'shipping_coupon'] as const;
export const stackingGroupSchema = z.enum(STACKING_GROUPS);
export type StackingGroup = z.infer<typeof stackingGroupSchema>;

export const STACKING_GROUP_NAMES: Readonly<Record<StackingGroup, string>> = {
  flash_sale: '秒杀',
  member_discount: '会员折扣',
  store_promotion: '店铺活动',
  promo_code: '直播优惠码',
  coupon: '优惠券',
  shipping_coupon: '运费券',
};

/** "a|b" with the two group names in alphabetical order: "coupon|flash_sale". */
export function stackingPairKey(a: StackingGroup, b: StackingGroup): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Every unordered pair of distinct groups (15). */
export const STACKING_PAIR_KEYS: readonly string[] = STACKING_GROUPS.flatMap((a, index) => STACKING_GROUPS.slice(index + 1).map((b) => stackingPairKey(a, b)));

/** For every pair of distinct groups: may one line carry a discount from both? */
export interface StackingMatrix {
  pairs: Record<string, boolean>;
}

const NOT_COMBINABLE_BY_DEFAULT = new Set([
  stackingPairKey('flash_sale', 'member_discount'),
  stackingPairKey('flash_sale', 'coupon'),
  stackingPairKey('flash_sale', 'promo_code'),
  stackingPairKey('promo_code', 'coupon'),
]);

/** Everything stacks except a flash sale with member discounts, coupons or promo codes, and a promo code with a coupon. */
export const DEFAULT_STACKING_MATRIX: StackingMatrix = {
  pairs: Object.fromEntries(STACKING_PAIR_KEYS.map((key) => [key, !NOT_COMBINABLE_BY_DEFAULT.has(key)])),
};

/** The canonical key of "a|b" in either order, or null when it does not name two distinct groups. */
function canonicalKey(key: string): string | null {
  const [a, b, ...rest] = key.split('|');
  const groupA = stackingGroupSchema.safeParse(a);
  const groupB = stackingGroupSchema.safeParse(b);
  if (rest.length > 0 || !groupA.success || !groupB.success || groupA.data === groupB.data) return null;
  return stackingPairKey(groupA.data, groupB.data);
}

/**
 * `{ pairs: { "coupon|flash_sale": false, … } }`: keys in either order, pairs left out take the
 * default. The output always holds all 15 pairs under their canonical keys.
 */
export const stackingMatrixSchema = z
  .strictObject({ pairs: z.record(z.string(), z.boolean()) })
  .superRefine((matrix, ctx) => {
    const seen = new Map<string, boolean>();
    for (const [key, value] of Object.entries(matrix.pairs)) {
      const canonical = canonicalKey(key);
      if (canonical === null) ctx.addIssue({ code: 'custom', message: `not a pair of two stacking groups: ${key}`, path: ['pairs', key] });
      else if (seen.has(canonical) && seen.get(canonical) !== value)
        ctx.addIssue({ code: 'custom', message: `pair given twice: ${key}`, path: ['pairs', key] });
      else seen.set(canonical, value);
    }
  })
  .transform((matrix): StackingMatrix => {
    const pairs = { ...DEFAULT_STACKING_MATRIX.pairs };
    for (const [key, value] of Object.entries(matrix.pairs)) pairs[canonicalKey(key) ?? key] = value;
    return { pairs };
  });

/**
 * Whether discounts of groups a and b may sit on the same line (symmetric). A group is never
 * combinable with itself: within a group at most one candidate touches a line. A pair missing from
 * the matrix takes the default.
 */
export function isCombinable(matrix: StackingMatrix, a: StackingGroup, b: StackingGroup): boolean {
  if (a === b) return false;
  const key = stackingPairKey(a, b);
  return matrix.pairs[key] ?? DEFAULT_STACKING_MATRIX.pairs[key] ?? true;
}
