import Taro from '@tarojs/taro';
import type { MemberMessageView } from '@siyu/shared';
import { api } from '../api';
import { requestSubscribe, type SubscribeResults } from './subscribe-platform';

/**
 * Messaging for the shop: WeChat subscribe messages (ask, then tell the server what was accepted), the
 * 消息 center (in-app messages) and the member's message preferences.
 */

export type SubscribeScene = 'payment' | 'coupon' | 'restock' | 'member_center';

interface SceneTemplates {
  templateIds: string[];
  templates: { key: string; templateId: string; title: string }[];
}

const sceneCache = new Map<SubscribeScene, SceneTemplates>();

/** The templates of a scene (cached): call on page show so a tap can ask at once (WeChat: only from a tap). */
export async function prefetchSubscribeScene(scene: SubscribeScene): Promise<SceneTemplates> {
  const cached = sceneCache.get(scene);
  if (cached) return cached;
  const fetched = await api.request<SceneTemplates>('/api/subscribe-templates', { isSilent: true, query: { scene } });
  sceneCache.set(scene, fetched);
  return fetched;
}

/** A v4 uuid: the idempotency key of one ask (a retried POST grants nothing twice). */
export function newRequestId(): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Asks the member to accept the scene's subscribe messages (wx.requestSubscribeMessage; the H5 demo shows
 * a confirm sheet and tells the WeChat simulator) and records the answers. Resolves to how many were accepted.
 */
export async function askSubscribe(scene: SubscribeScene): Promise<number> {
  if (!api.isLoggedIn) return 0;
  const { templateIds, templates } = await prefetchSubscribeScene(scene).catch(() => ({ templateIds: [], templates: [] }) as SceneTemplates);
  if (templateIds.length === 0) return 0;
  let results: SubscribeResults;
  try {
    results = await requestSubscribe(templateIds, templates);
  } catch {
    return 0; // the member closed the sheet, or the platform refused (not from a tap)
  }
  const accepted = Object.values(results).filter((result) => result === 'accept').length;
  const requestId = newRequestId();
  const post = () => api.request('/api/me/subscriptions', { method: 'POST', isSilent: true, data: { requestId, source: scene, results } });
  // One retry with the same requestId: the server counts it once.
  await post().catch(() => post().catch(() => undefined));
  if (accepted > 0) void Taro.showToast({ title: '订阅成功', icon: 'success' });
  return accepted;
}

/** Whether the member has an open 到货提醒 on the product (false when logged out). */
export async function fetchRestockWatch(productId: number): Promise<boolean> {
  if (!api.isLoggedIn) return false;
  return (await api.request<{ watching: boolean }>(`/api/me/restock-watches/${productId}`, { isSilent: true })).watching;
}

/**
 * 到货提醒 (from the tap on a sold-out product): asks for the restock subscribe message, then records the
 * watch; when the product is back the shop sends one notice (the subscribe message, else a 消息).
 */
export async function watchRestock(productId: number): Promise<void> {
  await askSubscribe('restock');
  await api.request('/api/me/restock-watches', { method: 'POST', data: { productId } });
  void Taro.showToast({ title: '到货后会提醒你', icon: 'success' });
}

export interface MessagePage {
  items: MemberMessageView[];
  nextCursor: string | null;
  unread: number;
}

export function fetchMessages(cursor: string | null): Promise<MessagePage> {
  return api.request<MessagePage>('/api/me/messages', { isSilent: true, query: { cursor: cursor ?? undefined } });
}

export async function fetchUnreadCount(): Promise<number> {
  return (await api.request<{ unread: number }>('/api/me/messages/unread-count', { isSilent: true })).unread;
}

export function markMessageRead(id: number): Promise<{ unread: number }> {
  return api.request<{ unread: number }>(`/api/me/messages/${id}/read`, { method: 'POST', isSilent: true, data: {} });
}

export function markAllMessagesRead(): Promise<unknown> {
  return api.request('/api/me/messages/read-all', { method: 'POST', data: {} });
}

export interface MessagePreferences {
  marketing: { sms: boolean; wecom: boolean; subscribe: boolean; inapp: boolean };
  personalized: boolean;
  /** The text shown beside each switch; the server logs it as the proof of a change, so the page shows exactly these. */
  texts: Record<'sms' | 'wecom' | 'subscribe' | 'inapp' | 'personalized', string>;
}

export function fetchPreferences(): Promise<MessagePreferences> {
  return api.request<MessagePreferences>('/api/me/preferences');
}

export function savePreferences(change: { marketing?: Partial<MessagePreferences['marketing']>; personalized?: boolean }): Promise<MessagePreferences> {
  return api.request<MessagePreferences>('/api/me/preferences', { method: 'PUT', data: change });
}

/** The unread count on the 我的 tab (weapp; the H5 page shows it on the 消息 row instead). */
export function showUnreadOnTab(unread: number): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const index = 3;
  if (unread > 0) void Taro.setTabBarBadge({ index, text: unread > 99 ? '99+' : String(unread) }).catch(() => undefined);
  else void Taro.removeTabBarBadge({ index }).catch(() => undefined);
}

/** Fetches the unread count and puts it on the 我的 tab (weapp, logged in): at launch and whenever the app comes back. */
export async function refreshUnreadBadge(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || !api.isLoggedIn) return;
  const unread = await fetchUnreadCount().catch(() => null);
  if (unread !== null) showUnreadOnTab(unread);
}
