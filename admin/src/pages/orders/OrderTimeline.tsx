import type { AdminOrder } from '@siyu/shared';
import { Timeline, Typography } from 'antd';
import { formatTime } from '../../format';
import { describeOrderEvent } from './order-events';

/** The order's events, newest first: what happened, the status move, the details, who and when. */
export function OrderTimeline({ events, staffName }: { events: AdminOrder['events']; staffName(id: number): string | undefined }) {
  if (events.length === 0) return <Typography.Text type="secondary">暂无记录</Typography.Text>;
  return (
    <Timeline
      data-testid="order-timeline"
      items={[...events].reverse().map((event, index) => {
        const view = describeOrderEvent(event, staffName);
        return {
          key: `${event.createdAt}-${index}`,
          color: view.color,
          content: (
            <div>
              <Typography.Text strong>{view.title}</Typography.Text>
              {view.transition && (
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {view.transition}
                </Typography.Text>
              )}
              {view.detail && <div>{view.detail}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(event.createdAt)} · {view.actor}
              </Typography.Text>
            </div>
          ),
        };
      })}
    />
  );
}
