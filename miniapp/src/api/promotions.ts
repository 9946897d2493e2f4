import Taro from '@tarojs/taro';
import type {
  CheckoutPromotionsView,
  CouponCenterItem,
  CouponChoice,
  FlashSaleView,
  LiveSessionPageView,
  LiveSessionView,
  MemberCouponStatus,
  MemberCouponView,
  Quote,
} from '@siyu/shared';
import { readStored, writeStored } from '../lib/storage';
import { noteForwardNavigation } from '../lib/navigation';
import type { CheckoutLineInput } from './orders';
import { api } from './index';

/**
 * Coupons, live sessions, flash sales and the promotion choices of checkout: the endpoints of the
 * promotions issue, typed with the shared contract.
 *
 * Every answer that drives a countdown carries the server's clock (`serverNow`). Each call below adds
 * `clockOffsetMs` (server clock − this device's clock), measured the moment the answer arrived, so that a
 * countdown stays right however wrong the phone's clock is and however late the page renders.
 */
export interface ServerClock {
  clockOffsetMs: number;
}

/** Server clock − device clock, in ms, for an answer that arrived at `deviceNowMs`. */
export function clockOffsetMs(serverNow: string, deviceNowMs: number = Date.now()): number {
  const server = Date.parse(serverNow);
  return Number.isNaN(server) ? 0 : server - deviceNowMs;
}

function withClock<T extends { serverNow: string }>(body: T): T & ServerClock {
  return { ...body, clockOffsetMs: clockOffsetMs(body.serverNow) };
}

// ── Coupons ───────────────────────────────────────────────────────────────────────────────────────

export interface CouponCenter extends ServerClock {
  items: CouponCenterItem[];
  serverNow: string;
}

/** 领券中心: the public templates with what this member can still claim. */
export async function fetchCouponCenter(): Promise<CouponCenter> {
  return withClock(await api.request<Omit<CouponCenter, 'clockOffsetMs'>>('/api/coupons/center', { isSilent: true }));
}

/** Claims one coupon of a template; failures (sold out, cap reached) are toasted. */
export function claimCoupon(templateId: number): Promise<MemberCouponView> {
  return api.request<MemberCouponView>(`/api/coupons/center/${templateId}/claim`, { method: 'POST', data: {} });
}

export async function fetchMyCoupons(status: MemberCouponStatus): Promise<MemberCouponView[]> {
  const body = await api.request<{ items: MemberCouponView[] }>('/api/me/coupons', { isSilent: true, query: { status } });
  return body.items;
}

/** Exchanges a redeem code for a coupon; failures (invalid, used) are toasted. */
export function redeemCouponCode(code: string): Promise<MemberCouponView> {
  return api.request<MemberCouponView>('/api/coupons/redeem', { method: 'POST', data: { code: code.trim() } });
}

// ── Live sessions ─────────────────────────────────────────────────────────────────────────────────

export interface LiveSessionList extends ServerClock {
  live: LiveSessionView[];
  upcoming: LiveSessionView[];
  serverNow: string;
}

export type LiveSessionPage = LiveSessionPageView & ServerClock;

export async function fetchLiveSessions(): Promise<LiveSessionList> {
  return withClock(await api.request<Omit<LiveSessionList, 'clockOffsetMs'>>('/api/live-sessions', { isSilent: true }));
}

export async function fetchLiveSession(id: number): Promise<LiveSessionPage> {
  return withClock(await api.request<LiveSessionPageView>(`/api/live-sessions/${id}`, { isSilent: true }));
}

/** The session a mini-program QR code (its `scene`) opens. */
export async function fetchLiveSessionByScene(scene: string): Promise<LiveSessionPage> {
  return withClock(await api.request<LiveSessionPageView>(`/api/live-sessions/scene/${encodeURIComponent(scene)}`, { isSilent: true }));
}

// ── Flash sales ───────────────────────────────────────────────────────────────────────────────────

export interface FlashSaleList extends ServerClock {
  items: FlashSaleView[];
  serverNow: string;
}

export async function fetchFlashSales(status: 'ongoing' | 'upcoming' | 'all'): Promise<FlashSaleList> {
  return withClock(await api.request<Omit<FlashSaleList, 'clockOffsetMs'>>('/api/flash-sales', { isSilent: true, query: { status } }));
}

// ── Checkout choices ──────────────────────────────────────────────────────────────────────────────

/** The member's promotion choices, sent alike with the quote and with the order. */
export interface PromotionChoices {
  couponId: CouponChoice;
  shippingCouponId: CouponChoice;
  /** A live-session code as typed; absent: none. */
  promoCode?: string;
}

/** A checkout quote with its promotions part (absent from a server that has no promotions yet). */
export type PromotedQuote = Quote & { promotions?: CheckoutPromotionsView };

/**
 * What the member will pay with these choices (no side effects), shipping priced for `addressId` (else the
 * member's default address). Silent: checkout shows the failure itself.
 */
export function quoteWithPromotions(lines: CheckoutLineInput[], choices: PromotionChoices, addressId?: number): Promise<PromotedQuote> {
  return api.request<PromotedQuote>('/api/checkout/quote', {
    method: 'POST',
    data: { lines, ...choices, ...(addressId ? { addressId } : {}) },
    isSilent: true,
  });
}

// ── The live code the member typed (live page, cart), carried to checkout ─────────────────────────

const PROMO_CODE_KEY = 'siyu.promoCode';

/** Letters and digits, 3–20, as the live host reads it out; kept upper-case like the server does. */
export function normalizePromoCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return /^[A-Z0-9]{3,20}$/.test(code) ? code : null;
}

export function readPromoCode(): string | null {
  const stored = readStored<string>(PROMO_CODE_KEY);
  return typeof stored === 'string' ? normalizePromoCode(stored) : null;
}

export function rememberPromoCode(code: string | null): void {
  writeStored(PROMO_CODE_KEY, code);
}

// ── Pages ─────────────────────────────────────────────────────────────────────────────────────────

function open(url: string): void {
  noteForwardNavigation();
  void Taro.navigateTo({ url });
}

/** Where the promotion pages are. */
export const promotionPages = {
  couponCenter: () => open('/pages/coupons/index'),
  myCoupons: () => open('/pages/my-coupons/index'),
  flashSales: (tab: 'ongoing' | 'upcoming' = 'ongoing') => open(`/pages/flash-sales/index?tab=${tab}`),
  /** One session, or (no id) the list of live and upcoming sessions. */
  live: (id?: number) => open(id ? `/pages/live/index?id=${id}` : '/pages/live/index'),
  /** The session of a QR scene (`live=12`): the live page resolves it with the server. */
  liveScene: (scene: string) => open(`/pages/live/index?scene=${encodeURIComponent(scene)}`),
};
