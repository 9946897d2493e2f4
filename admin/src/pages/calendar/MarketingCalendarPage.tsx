import { Calendar, Card, Popover, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApiData } from '../../hooks/use-api-data';
import { calendarApi, itemLabel, itemLink, KIND_COLORS, KIND_NAMES, type CalendarItem, type CalendarItemKind } from './calendar-api';

/** Two chips and the 还有 N 项 link fit a cell's height. */
const SHOWN_PER_DAY = 2;
/** Dated events first; coupon windows (which span many days) last. */
const KIND_ORDER: Readonly<Record<CalendarItemKind, number>> = { campaign: 0, journey: 1, flash_sale: 2, live_session: 3, coupon: 4 };

/** 营销日历: a month of scheduled journey runs, campaigns, flash sales, live sessions and coupon windows (China time). */
export function MarketingCalendarPage() {
  const navigate = useNavigate();
  const [value, setValue] = useState<Dayjs>(() => dayjs());
  const month = value.format('YYYY-MM');
  const { data, isLoading } = useApiData((signal) => calendarApi.month(month, signal), [month]);
  const byDate = useMemo(() => new Map((data?.days ?? []).map((day) => [day.date, day.items])), [data]);

  const chip = (item: CalendarItem, index: number) => (
    <Tag
      key={`${item.kind}-${item.id}-${item.phase ?? ''}-${index}`}
      color={KIND_COLORS[item.kind]}
      style={{ cursor: 'pointer', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', display: 'block', marginBottom: 2 }}
      onClick={(event) => {
        event.stopPropagation();
        navigate(itemLink(item));
      }}
      title={`${KIND_NAMES[item.kind]}：${itemLabel(item)}`}
      data-testid={`calendar-item-${item.kind}`}
    >
      {itemLabel(item)}
    </Tag>
  );

  const cellRender = (date: Dayjs, info: { type: string; originNode: React.ReactNode }) => {
    if (info.type !== 'date') return info.originNode;
    // Days of the neighbouring months: antd already prints their number; nothing to add.
    if (date.format('YYYY-MM') !== month) return null;
    const items = [...(byDate.get(date.format('YYYY-MM-DD')) ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    if (items.length === 0) return null;
    const rest = items.slice(SHOWN_PER_DAY);
    return (
      <div>
        {items.slice(0, SHOWN_PER_DAY).map(chip)}
        {rest.length > 0 && (
          <Popover content={<div style={{ maxWidth: 280 }}>{rest.map(chip)}</div>} title={date.format('M月D日')}>
            <Typography.Link style={{ fontSize: 12 }} onClick={(event) => event.stopPropagation()}>
              还有 {rest.length} 项
            </Typography.Link>
          </Popover>
        )}
      </div>
    );
  };

  return (
    <Card
      title="营销日历"
      loading={isLoading && !data}
      extra={
        <Space size={4} wrap>
          {(Object.keys(KIND_NAMES) as CalendarItemKind[]).map((kind) => (
            <Tag key={kind} color={KIND_COLORS[kind]}>
              {KIND_NAMES[kind]}
            </Tag>
          ))}
        </Space>
      }
    >
      {data && data.ongoing.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="calendar-ongoing">
          <Typography.Text type="secondary">持续运行的旅程：</Typography.Text>
          {data.ongoing.map(chip).map((node) => (
            <span key={node.key} style={{ display: 'inline-block', marginRight: 4 }}>
              {node}
            </span>
          ))}
        </div>
      )}
      <div data-testid="marketing-calendar">
        <Calendar value={value} onPanelChange={(next) => setValue(next)} onSelect={(next) => setValue(next)} cellRender={cellRender} />
      </div>
      <Typography.Text type="secondary">日期按中国时间（UTC+8）；跨天的活动在每一天都会显示。</Typography.Text>
    </Card>
  );
}
