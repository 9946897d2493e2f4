import { ORDER_STATUS_NAMES, ORDER_STATUSES, type OrderStatus, type OrderStatusCounts } from '@siyu/shared';
import { Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { ordersApi, type OrderListQuery } from '../../api/orders';
import { reportError } from '../../errors/report-error';

/** The tabs staff work through, in the order an order lives (the rarer statuses after). */
const TAB_STATUSES: readonly OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'refunding', 'completed', 'partially_refunded', 'refunded', 'cancelled'];

/** Status tabs (全部 / 待付款 / 待发货 / …) with how many orders each holds under the other filters. */
export function OrderStatusTabs({
  query,
  status,
  onChange,
}: {
  query: Omit<OrderListQuery, 'status'>;
  status?: OrderStatus;
  onChange(status?: OrderStatus): void;
}) {
  const [counts, setCounts] = useState<OrderStatusCounts | null>(null);
  const key = JSON.stringify(query);
  useEffect(() => {
    const controller = new AbortController();
    ordersApi.counts(JSON.parse(key) as Omit<OrderListQuery, 'status'>, controller.signal).then(setCounts, (error: unknown) => {
      if (!controller.signal.aborted) reportError(error);
    });
    return () => controller.abort();
  }, [key]);
  // A plain pill (not antd's animated Badge): the count reads as text, e.g. "待发货 3".
  const label = (name: string, count: number | undefined, isUrgent = false) => (
    <span>
      {name}
      {count !== undefined && (
        <span
          data-testid="order-tab-count"
          style={{
            marginInlineStart: 6,
            padding: '0 6px',
            borderRadius: 10,
            fontSize: 12,
            lineHeight: '18px',
            display: 'inline-block',
            color: '#fff',
            background: isUrgent && count > 0 ? '#cf1322' : '#8c8c8c',
          }}
        >
          {` ${count}`}
        </span>
      )}
    </span>
  );
  return (
    <Tabs
      data-testid="order-status-tabs"
      activeKey={status ?? 'all'}
      onChange={(next) => onChange(next === 'all' ? undefined : (next as OrderStatus))}
      items={[
        { key: 'all', label: label('全部', counts?.all) },
        ...TAB_STATUSES.filter((tab) => ORDER_STATUSES.includes(tab)).map((tab) => ({
          key: tab,
          label: label(ORDER_STATUS_NAMES[tab], counts?.byStatus[tab], tab === 'paid' || tab === 'refunding'),
        })),
      ]}
    />
  );
}
