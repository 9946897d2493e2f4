import Taro from '@tarojs/taro';
import type { CheckinResultView, MembershipView, PointsLedgerPage, PointsMallItemView, PointsMallRedemptionView, PointsSummaryView } from '@siyu/shared';
import { newIdempotencyKey } from '../lib/checkout-attempt';
import { noteForwardNavigation } from '../lib/navigation';
import { api } from './index';

/**
 * Membership, points, check-in and the points mall: the endpoints of the membership issue, typed with
 * the shared contract. Loads are silent (the pages show their own error states); actions toast.
 */

// ── Tier and growth ───────────────────────────────────────────────────────────────────────────────

/** 会员中心: tier, growth, progress to the next tier, perks, downgrade warning, history, every tier. */
export function fetchMembership(): Promise<MembershipView> {
  return api.request<MembershipView>('/api/me/membership', { isSilent: true });
}

// ── Points ────────────────────────────────────────────────────────────────────────────────────────

export function fetchPointsSummary(): Promise<PointsSummaryView> {
  return api.request<PointsSummaryView>('/api/me/points', { isSilent: true });
}

/** One page of the ledger, newest first. */
export function fetchPointsLedger(cursor: string | null, limit = 20): Promise<PointsLedgerPage> {
  return api.request<PointsLedgerPage>('/api/me/points/ledger', { isSilent: true, query: { cursor: cursor ?? undefined, limit } });
}

/** 签到: silent, the page says "already checked in" itself (409 POINTS_ALREADY_CHECKED_IN). */
export function checkIn(): Promise<CheckinResultView> {
  return api.request<CheckinResultView>('/api/me/points/checkin', { method: 'POST', data: {}, isSilent: true });
}

/** Sets the birthday once ('MM-DD'); 409 BIRTHDAY_ALREADY_SET carries the one on file in its details. */
export function saveBirthday(birthday: string): Promise<{ birthday: string }> {
  return api.request<{ birthday: string }>('/api/me/birthday', { method: 'PUT', data: { birthday }, isSilent: true });
}

// ── Points mall ───────────────────────────────────────────────────────────────────────────────────

export async function fetchMallItems(): Promise<PointsMallItemView[]> {
  const body = await api.request<{ items: PointsMallItemView[] }>('/api/points-mall/items', { isSilent: true });
  return body.items;
}

export function fetchMallItem(id: number): Promise<PointsMallItemView> {
  return api.request<PointsMallItemView>(`/api/points-mall/items/${id}`, { isSilent: true });
}

/**
 * Redeems one unit. The key names this attempt: a retry after a lost answer sends the same key and
 * gets the same redemption back instead of a second one. Goods ship to `addressId`. Failures are toasted.
 */
export function redeemMallItem(id: number, idempotencyKey: string, addressId?: number): Promise<PointsMallRedemptionView> {
  return api.request<PointsMallRedemptionView>(`/api/points-mall/items/${id}/redeem`, {
    method: 'POST',
    data: addressId === undefined ? {} : { addressId },
    header: { 'Idempotency-Key': idempotencyKey },
  });
}

/** A new idempotency key for one redemption attempt. */
export function newRedeemKey(): string {
  return newIdempotencyKey().replace(/^ck_/, 'pm_');
}

export async function fetchMyRedemptions(cursor: string | null = null): Promise<{ items: PointsMallRedemptionView[]; nextCursor: string | null }> {
  return api.request<{ items: PointsMallRedemptionView[]; nextCursor: string | null }>('/api/me/points-mall/redemptions', {
    isSilent: true,
    query: { cursor: cursor ?? undefined },
  });
}

// ── Pages ─────────────────────────────────────────────────────────────────────────────────────────

function open(url: string): void {
  noteForwardNavigation();
  void Taro.navigateTo({ url });
}

/** Where the membership pages are. */
export const membershipPages = {
  member: () => open('/pages/member/index'),
  /** 积分; `checkIn`: check in on arrival (the 签到 entry of 我的). */
  points: (options: { checkIn?: boolean } = {}) => open(options.checkIn ? '/pages/points/index?checkin=1' : '/pages/points/index'),
  mall: () => open('/pages/points-mall/index'),
  mallItem: (id: number) => open(`/pages/points-mall-item/index?id=${id}`),
};
