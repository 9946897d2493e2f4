import { chinaDay, formatFen, type Fen, type MembershipView } from '@siyu/shared';
import { tierName } from '../../components/TierBadge';

/** 300 bp off → "9.7折", 500 → "9.5折", 250 → "9.75折"; 0 → null (no discount). */
export function discountText(discountBp: number): string | null {
  if (discountBp <= 0) return null;
  const rest = 10_000 - discountBp;
  const whole = Math.floor(rest / 1000);
  const fraction = String(rest % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}折`;
}

/** 10000 → "1", 15000 → "1.5", 12500 → "1.25": the points multiplier. */
export function multiplierText(multiplierBp: number): string {
  const whole = Math.floor(multiplierBp / 10_000);
  const fraction = String(multiplierBp % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}`;
}

export interface Perk {
  key: string;
  glyph: string;
  title: string;
  description: string;
}

/** The tier's perks as the member reads them; perks the tier does not have are left out. */
export function perkList(perks: MembershipView['perks']): Perk[] {
  const list: Perk[] = [];
  const discount = discountText(perks.discountBp);
  if (discount) list.push({ key: 'discount', glyph: '折', title: `会员${discount}`, description: '下单自动享会员折扣' });
  list.push({ key: 'points', glyph: '积', title: `${multiplierText(perks.pointsMultiplierBp)}倍积分`, description: '每消费1元得积分，按等级加倍' });
  if (perks.freeShippingThresholdFen !== null) {
    const title = perks.freeShippingThresholdFen === 0 ? '全场包邮' : `满${formatFen(perks.freeShippingThresholdFen as Fen)}包邮`;
    list.push({ key: 'shipping', glyph: '邮', title, description: '会员专属包邮门槛' });
  }
  if (perks.birthdayPoints > 0 || perks.hasBirthdayCoupon) {
    const parts = [perks.birthdayPoints > 0 ? `${perks.birthdayPoints} 积分` : '', perks.hasBirthdayCoupon ? '生日券' : ''].filter(Boolean);
    list.push({ key: 'birthday', glyph: '寿', title: '生日礼', description: `生日当天送 ${parts.join(' + ')}` });
  }
  if (perks.monthlyCoupons > 0) list.push({ key: 'monthly', glyph: '券', title: '每月券包', description: `每月 1 日发放 ${perks.monthlyCoupons} 张会员券` });
  return list;
}

/** What a tier change was: 升级 / 降级 / 调整 / 初始等级. */
export function historyReasonText(reason: string, fromTier: string, toTier: string): string {
  if (reason === 'upgrade') return `升级为${tierName(toTier)}会员`;
  if (reason === 'downgrade') return `由${tierName(fromTier)}降为${tierName(toTier)}会员`;
  if (reason === 'manual') return `调整为${tierName(toTier)}会员`;
  return `成为${tierName(toTier)}会员`;
}

/** "2026-03-14" (China time) for an ISO instant. */
export function dayText(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : chinaDay(at);
}

/** The downgrade banner: keep the tier by earning N growth before the day, or move down. */
export function downgradeText(view: Pick<MembershipView, 'tierName' | 'downgradeWarning'>): string | null {
  const warning = view.downgradeWarning;
  if (!warning) return null;
  const lower = `${tierName(warning.toTierCode)}会员`;
  if (warning.growthNeeded <= 0) return `将于 ${dayText(warning.at)} 降为${lower}`;
  return `${dayText(warning.at)} 前再得 ${warning.growthNeeded} 成长值可保持${view.tierName}会员，否则将降为${lower}`;
}
