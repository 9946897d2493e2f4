import { ORDER_STATUS_NAMES, orderStatusSchema, type AdminOrder } from '@siyu/shared';
import { money } from '../../format';

export type OrderEvent = AdminOrder['events'][number];

/** One entry of the order timeline, in Chinese. */
export interface OrderEventView {
  title: string;
  /** "待发货 → 已发货" when the event moved the order. */
  transition: string | null;
  /** What the event carries that staff need: carrier and tracking number, amount, reason, note. */
  detail: string | null;
  actor: string;
  color: 'blue' | 'green' | 'red' | 'gray';
}

const EVENT_TITLES: Readonly<Record<string, { title: string; color: OrderEventView['color'] }>> = {
  created: { title: '提交订单', color: 'blue' },
  paid: { title: '支付成功', color: 'green' },
  paid_after_close: { title: '关单后收到付款（系统自动全额退款）', color: 'red' },
  refunded_after_close: { title: '关单后付款已全额退回', color: 'green' },
  shipped: { title: '发货', color: 'blue' },
  completed: { title: '确认收货', color: 'green' },
  cancelled: { title: '取消订单', color: 'gray' },
  refund_requested: { title: '申请退款', color: 'red' },
  refund_approved: { title: '同意退款', color: 'blue' },
  refund_rejected: { title: '拒绝退款', color: 'gray' },
  refunded: { title: '退款成功', color: 'green' },
  refund_failed: { title: '退款失败', color: 'red' },
  refund_abnormal: { title: '退款异常（需在商户平台处理）', color: 'red' },
  refund_return_shipped: { title: '买家寄回商品', color: 'blue' },
  refund_return_received: { title: '确认收到退货', color: 'green' },
  tracking_updated: { title: '修改物流', color: 'blue' },
};

function statusName(status: string | null): string {
  const parsed = orderStatusSchema.safeParse(status);
  return parsed.success ? ORDER_STATUS_NAMES[parsed.data] : (status ?? '—');
}

/** The event's data as a record (it is jsonb: anything, or null). */
function dataOf(event: OrderEvent): Record<string, unknown> {
  return typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? (event.data as Record<string, unknown>) : {};
}

const fen = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? money(value) : null);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const restockText = (value: unknown) => (value === true ? '退回库存' : value === false ? '不退回库存' : null);

function detailOf(event: OrderEvent): string | null {
  const data = dataOf(event);
  const parts: (string | null)[] = (() => {
    switch (event.type) {
      case 'created':
        return [fen(data.payableFen) && `应付 ${fen(data.payableFen)}`];
      case 'paid':
      case 'paid_after_close':
      case 'refunded_after_close':
        return [fen(data.amountFen) && `金额 ${fen(data.amountFen)}`];
      case 'shipped':
        return [text(data.carrier), text(data.trackingNo)];
      case 'cancelled':
        return [text(data.reason)];
      case 'refund_requested':
        return [data.kind === 'return_refund' ? '退货退款' : null, fen(data.amountFen) && `退款 ${fen(data.amountFen)}`];
      case 'refund_return_shipped':
        return [text(data.carrier), text(data.trackingNo)];
      case 'tracking_updated': {
        const before = (data.before ?? {}) as Record<string, unknown>;
        const after = (data.after ?? {}) as Record<string, unknown>;
        return [`${text(before.carrier) ?? ''} ${text(before.trackingNo) ?? ''} → ${text(after.carrier) ?? ''} ${text(after.trackingNo) ?? ''}`];
      }
      case 'refund_approved':
        return [restockText(data.restock)];
      case 'refund_rejected':
        return [text(data.note) && `说明：${text(data.note)}`];
      case 'refunded':
        return [fen(data.amountFen) && `退款 ${fen(data.amountFen)}`, restockText(data.restock)];
      case 'refund_failed':
        return [text(data.wechatStatus) ?? text(data.wechatCode)];
      case 'refund_abnormal':
        return [fen(data.amountFen) && `退款 ${fen(data.amountFen)}`];
      default:
        return [];
    }
  })();
  const shown = parts.filter((part): part is string => Boolean(part));
  return shown.length > 0 ? shown.join(' · ') : null;
}

/** Who did it: 会员 #12, the staff member's name (when the role may list staff) or 员工 #3, 微信支付, 系统. */
function actorOf(event: OrderEvent, staffName: (id: number) => string | undefined): string {
  switch (event.actorType) {
    case 'member':
      return event.actorId ? `会员 #${event.actorId}` : '会员';
    case 'staff': {
      const id = Number(event.actorId);
      return Number.isInteger(id) && id > 0 ? (staffName(id) ?? `员工 #${id}`) : '员工';
    }
    case 'wechat':
      return '微信支付';
    case 'system':
      return '系统';
    default:
      return event.actorType;
  }
}

/** An order event as the timeline shows it; an event type this console does not know shows its code. */
export function describeOrderEvent(event: OrderEvent, staffName: (id: number) => string | undefined = () => undefined): OrderEventView {
  const known = EVENT_TITLES[event.type];
  const isMove = event.fromStatus !== null && event.toStatus !== null && event.fromStatus !== event.toStatus;
  return {
    title: known?.title ?? event.type,
    transition: isMove ? `${statusName(event.fromStatus)} → ${statusName(event.toStatus)}` : null,
    detail: detailOf(event),
    actor: actorOf(event, staffName),
    color: known?.color ?? 'gray',
  };
}
