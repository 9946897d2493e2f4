import { INTENT_STATUSES, MESSAGE_CHANNELS, MESSAGE_CHANNEL_NAMES, SKIP_REASON_NAMES, type SkipReason } from '@siyu/shared';
import { Card, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { CursorPager } from '../../components/CursorPager';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { INTENT_STATUS_COLORS, INTENT_STATUS_NAMES, PURPOSE_NAMES } from '../journeys/journey-labels';
import { journeysApi } from '../journeys/journeys-api';
import { messagingApi, type IntentView } from './messaging-api';

const numberParam = (value: string | null): number | null => (value && /^\d+$/.test(value) ? Number(value) : null);

/** Why a message was skipped, in Chinese (an unknown code shows as is). */
export function skipReasonName(reason: string | null): string {
  if (!reason) return '';
  return SKIP_REASON_NAMES[reason as SkipReason] ?? reason;
}

/** 消息记录: every message intent (journeys, campaigns, notices) with its status and the reason a skip happened. */
export function MessageLogPage() {
  const [search, setSearch] = useSearchParams();
  const filter = {
    channel: search.get('channel'),
    status: search.get('status'),
    journeyId: numberParam(search.get('journeyId')),
    campaignId: numberParam(search.get('campaignId')),
    memberId: numberParam(search.get('memberId')),
  };
  const setFilter = (key: string, value: string | number | null | undefined) => {
    const next = new URLSearchParams(search);
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setSearch(next, { replace: true });
  };
  const journeys = useApiData((signal) => journeysApi.list(signal), []);
  const journeyName = (id: number | null) => (id ? (journeys.data?.find((journey) => journey.id === id)?.name ?? `旅程 #${id}`) : null);
  const pages = useCursorPages((cursor, limit, signal) => messagingApi.intents(filter, cursor, limit, signal), [filter]);

  return (
    <Card title="消息记录">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="渠道"
          allowClear
          placeholder="全部渠道"
          style={{ width: 140 }}
          value={filter.channel ?? undefined}
          onChange={(value?: string) => setFilter('channel', value)}
          options={MESSAGE_CHANNELS.map((channel) => ({ value: channel, label: MESSAGE_CHANNEL_NAMES[channel] }))}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={filter.status ?? undefined}
          onChange={(value?: string) => setFilter('status', value)}
          options={INTENT_STATUSES.map((status) => ({ value: status, label: INTENT_STATUS_NAMES[status] ?? status }))}
        />
        <Select
          aria-label="旅程"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部旅程"
          style={{ width: 200 }}
          value={filter.journeyId ?? undefined}
          onChange={(value?: number) => setFilter('journeyId', value)}
          options={(journeys.data ?? []).map((journey) => ({ value: journey.id, label: journey.name }))}
        />
        <InputNumber
          aria-label="会员 ID"
          placeholder="会员 ID"
          min={1}
          precision={0}
          style={{ width: 120 }}
          value={filter.memberId}
          onChange={(value) => setFilter('memberId', value ?? null)}
        />
        {filter.campaignId && (
          <Tag closable onClose={() => setFilter('campaignId', null)}>
            群发 #{filter.campaignId}
          </Tag>
        )}
      </Space>
      <Table<IntentView>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="intent-table"
        locale={{ emptyText: '没有消息记录' }}
        columns={[
          { className: 'nowrap', title: '时间', dataIndex: 'createdAt', render: formatTime },
          { className: 'nowrap', title: '会员', dataIndex: 'memberId', render: (id: number) => <Link to={`/members/${id}`}>#{id}</Link> },
          { className: 'nowrap', title: '渠道', dataIndex: 'channel', render: (channel: IntentView['channel']) => MESSAGE_CHANNEL_NAMES[channel] ?? channel },
          { className: 'nowrap', title: '用途', dataIndex: 'purpose', render: (purpose: string) => PURPOSE_NAMES[purpose] ?? purpose },
          {
            title: '来源',
            key: 'source',
            render: (_, row) =>
              row.journeyId ? (
                <Link to={`/journeys/${row.journeyId}`}>
                  {journeyName(row.journeyId)}
                  {row.stepId ? ` · ${row.stepId}` : ''}
                </Link>
              ) : row.campaignId ? (
                `群发 #${row.campaignId}`
              ) : (
                '服务通知'
              ),
          },
          {
            title: '模板',
            dataIndex: 'template',
            render: (template: string, row) => (
              <Tooltip
                title={
                  row.variables
                    ? Object.entries(row.variables)
                        .map(([key, value]) => `${key}: ${value}`)
                        .join('\n')
                    : undefined
                }
              >
                {/* wecom and in-app messages carry their own text ('text'); subscribe and SMS name their template. */}
                <span>{template === 'text' ? (row.variables?.title ?? '自定义文本') : template}</span>
              </Tooltip>
            ),
          },
          { className: 'nowrap', title: '组', dataIndex: 'arm', render: (arm: string | null) => (arm === 'holdout' ? '对照' : (arm ?? '—')) },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: string) => <Tag color={INTENT_STATUS_COLORS[status]}>{INTENT_STATUS_NAMES[status] ?? status}</Tag>,
          },
          {
            title: '跳过原因',
            dataIndex: 'reason',
            render: (reason: string | null, row) =>
              reason ? <Typography.Text type="warning">{row.reasonName ?? skipReasonName(reason)}</Typography.Text> : '—',
          },
          { className: 'nowrap', title: '发送时间', dataIndex: 'sentAt', render: formatTime },
        ]}
      />
      <CursorPager pages={pages} />
    </Card>
  );
}
