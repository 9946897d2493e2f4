/** GET /api/products/:id/tier-upsell: the next tier's better prices for the member's view of a product. */
import { meetsMinTier, nextTierCode, tierCodeSchema, tierUpsellOf, type TierUpsellView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { liveSkusOf } from '../catalog';
import { growthForRetention } from './evaluation';
import { findMember } from './repo';
import { loadMembershipSettings, loadTiers, tierOf } from './settings';

/**
 * The upsell for the member (null for guests, at the top tier, or when the next tier pays no less for
 * any SKU the member can see). The growth still needed counts like the 会员中心's progress.
 */
export async function productTierUpsell(sc: ServiceContext, memberId: number | undefined, productId: number): Promise<{ upsell: TierUpsellView | null }> {
  if (memberId === undefined) return { upsell: null };
  const member = await findMember(sc.db, memberId);
  if (!member) return { upsell: null };
  const tierCode = tierCodeSchema.parse(member.tierCode);
  const nextCode = nextTierCode(tierCode);
  if (!nextCode) return { upsell: null };
  const skus = (await liveSkusOf(sc.db, [productId])).filter((sku) => meetsMinTier(tierCode, sku.minTier));
  const next = tierOf(await loadTiers(sc.db), nextCode);
  const growth = await growthForRetention(sc.db, memberId, sc.now, await loadMembershipSettings(sc.db));
  return { upsell: tierUpsellOf(skus, tierCode, { tierName: next.name, growthNeeded: Math.max(0, next.growthThreshold - growth) }) };
}
