import { Button, Card, Checkbox, Empty, Space, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { memberCrmApi, TIMELINE_KINDS, type TimelineItem, type TimelineKind } from './member-api';
import { chinaTime, TIMELINE_KIND_COLORS, TIMELINE_KIND_NAMES } from './member-labels';

const PAGE = 20;

/** The order an item links to: its ref is { type: 'order', id } or carries an orderId (a refund, points of an order). */
function orderIdOf(item: TimelineItem): number | null {
  const ref = item.ref;
  if (!ref || typeof ref !== 'object') return null;
  const { type, id, orderId } = ref as { type?: unknown; id?: unknown; orderId?: unknown };
  if (type === 'order' && typeof id === 'number') return id;
  return typeof orderId === 'number' ? orderId : null;
}

/**
 * Everything that happened to the member, newest first: touches, orders, refunds, coupons, points, tier
 * changes, tags and staff notes; filter by kind, 加载更多 pages on by cursor.
 */
export function MemberTimelineCard({ memberId, version }: { memberId: number; version: number }) {
  const { can } = useSession();
  const [kinds, setKinds] = useState<TimelineKind[]>([...TIMELINE_KINDS]);
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setIsLoading(true);
      try {
        const kindsParam = kinds.length === TIMELINE_KINDS.length ? undefined : kinds.join(',');
        const page = await memberCrmApi.timeline(memberId, { cursor, limit: PAGE, kinds: kindsParam }, current.signal);
        if (current.signal.aborted) return;
        setItems((list) => (cursor ? [...list, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (error) {
        if (!current.signal.aborted) reportError(error);
      } finally {
        if (!current.signal.aborted) setIsLoading(false);
      }
    },
    [memberId, kinds],
  );

  useEffect(() => {
    if (kinds.length === 0) {
      controller.current?.abort();
      setItems([]);
      setNextCursor(null);
      setIsLoading(false);
      return;
    }
    void load(null);
    return () => controller.current?.abort();
  }, [load, version, kinds.length]);

  return (
    <Card title="会员动态" size="small" data-testid="member-timeline">
      <Checkbox.Group
        value={kinds}
        onChange={(value) => setKinds(value as TimelineKind[])}
        options={TIMELINE_KINDS.map((kind) => ({ value: kind, label: TIMELINE_KIND_NAMES[kind] }))}
        style={{ marginBottom: 16 }}
        aria-label="动态类型"
      />
      {items.length === 0 && !isLoading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={kinds.length === 0 ? '请至少选择一种动态类型' : '暂无动态'} />
      ) : (
        <Timeline
          items={items.map((item, index) => {
            const orderId = orderIdOf(item);
            return {
              key: `${item.kind}-${item.at}-${index}`,
              color: TIMELINE_KIND_COLORS[item.kind] ?? 'gray',
              content: (
                <div data-testid="timeline-item">
                  <Space size={6}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      [{TIMELINE_KIND_NAMES[item.kind] ?? '其他'}]
                    </Typography.Text>
                    {orderId && can('orders:read') ? (
                      <Link to={`/orders/${orderId}`}>{item.title}</Link>
                    ) : (
                      <Typography.Text strong>{item.title}</Typography.Text>
                    )}
                  </Space>
                  {item.detail && <div style={{ whiteSpace: 'pre-wrap' }}>{item.detail}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {chinaTime(item.at)}
                  </Typography.Text>
                </div>
              ),
            };
          })}
        />
      )}
      {(nextCursor || (isLoading && items.length > 0)) && (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => void load(nextCursor)} loading={isLoading} disabled={!nextCursor} data-testid="timeline-more">
            加载更多
          </Button>
        </div>
      )}
      {isLoading && items.length === 0 && <Typography.Text type="secondary">加载中…</Typography.Text>}
    </Card>
  );
}
