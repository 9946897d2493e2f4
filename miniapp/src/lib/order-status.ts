import { ORDER_STATUS_NAMES, type Order, type OrderStatus } from '@siyu/shared';

/** The order list's tabs; a tab shows orders in any of its statuses (all of them when none is listed). */
export const ORDER_TABS = [
  { key: 'all', name: '全部', statuses: [] },
  { key: 'pending_payment', name: '待付款', statuses: ['pending_payment'] },
  { key: 'paid', name: '待发货', statuses: ['paid'] },
  { key: 'shipped', name: '已发货', statuses: ['shipped'] },
  { key: 'completed', name: '已完成', statuses: ['completed'] },
  { key: 'refund', name: '退款', statuses: ['refunding', 'refunded', 'partially_refunded'] },
] as const satisfies readonly { key: string; name: string; statuses: readonly OrderStatus[] }[];

export type OrderTabKey = (typeof ORDER_TABS)[number]['key'];

export function orderTab(key: string | undefined): (typeof ORDER_TABS)[number] {
  return ORDER_TABS.find((tab) => tab.key === key) ?? ORDER_TABS[0];
}

export function statusName(status: OrderStatus): string {
  return ORDER_STATUS_NAMES[status];
}

/** 1_799_000 → "29:59", 3_600_000 → "1:00:00"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** An ISO time as the member reads it, in the device's time zone: "2025-03-08 14:05:09". */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The status header's line under the status name (the unpaid countdown is shown beside it). */
export function statusDescription(order: Pick<Order, 'status' | 'cancelReason' | 'carrier' | 'trackingNo'>): string {
  switch (order.status) {
    case 'pending_payment':
      return '超时未支付，订单将自动取消';
    case 'paid':
      return '商家正在备货，请耐心等待发货';
    case 'shipped':
      return order.carrier && order.trackingNo ? `${order.carrier} ${order.trackingNo}，请注意查收` : '商品已发出，请注意查收';
    case 'completed':
      return '交易已完成，感谢你的信任';
    case 'cancelled':
      return order.cancelReason ? `取消原因：${order.cancelReason}` : '订单已取消';
    case 'refunding':
      return '退款处理中，请耐心等待';
    case 'refunded':
      return '退款已完成，款项将原路退回';
    case 'partially_refunded':
      return '部分商品已退款，款项将原路退回';
  }
}

export interface TimelineStep {
  label: string;
  time: string;
  detail?: string;
}

/** What happened to the order, newest first, from its timestamps. */
export function orderTimeline(
  order: Pick<Order, 'createdAt' | 'paidAt' | 'shippedAt' | 'completedAt' | 'cancelledAt' | 'cancelReason' | 'carrier' | 'trackingNo'>,
): TimelineStep[] {
  const steps: (TimelineStep & { at: string | null })[] = [
    { label: '订单已提交', at: order.createdAt, time: '' },
    { label: '支付成功', at: order.paidAt, time: '' },
    {
      label: '商家已发货',
      at: order.shippedAt,
      time: '',
      ...(order.carrier ? { detail: `${order.carrier}${order.trackingNo ? ` ${order.trackingNo}` : ''}` } : {}),
    },
    { label: '已确认收货', at: order.completedAt, time: '' },
    { label: '订单已取消', at: order.cancelledAt, time: '', ...(order.cancelReason ? { detail: order.cancelReason } : {}) },
  ];
  return steps
    .filter((step): step is TimelineStep & { at: string } => step.at !== null)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .map(({ at, ...step }) => ({ ...step, time: formatDateTime(at) }));
}

/** Items of an order (Σ quantities). */
export function itemCount(order: Pick<Order, 'lines'>): number {
  return order.lines.reduce((total, line) => total + line.quantity, 0);
}
