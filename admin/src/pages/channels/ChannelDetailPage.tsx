import { CHANNEL_KIND_LABELS } from '@siyu/shared';
import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Progress, Row, Skeleton, Space, Statistic, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { channelsApi, type ChannelReportRow, type ChannelView } from '../../api/channels';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { NotFoundPage } from '../errors/NotFoundPage';
import { isApiError } from '../../api/client';
import { ChannelFormDrawer } from './ChannelFormDrawer';
import { CHANNEL_STATUS_COLORS, CHANNEL_STATUS_NAMES, count, percent, roiText } from './channel-labels';
import { periodText, unitCostLabel, x100ToText, bpToPctText } from './channel-form';
import { CodesTab } from './CodesTab';
import { ReachTab } from './ReachTab';
import { SmsLinksTab } from './SmsLinksTab';
import { reportRangeOf } from './channel-helpers';

/** The bar of a progress in percent (over 100 shows full). */
const progressPercent = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? 0 : Math.min(value, 100));

function PlanVsActual({ channel, row, isLoading }: { channel: ChannelView; row: ChannelReportRow | undefined; isLoading: boolean }) {
  if (isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  const range = reportRangeOf(channel);
  return (
    <Row gutter={[24, 16]} data-testid="channel-plan-vs-actual">
      <Col xs={24} md={8}>
        <Statistic title={`新会员 / 计划（${range.from} 至 ${range.to}）`} value={row?.newMembers ?? 0} suffix={`/ ${count(channel.plannedMembers)}`} />
        <Progress percent={progressPercent(row?.memberProgress)} format={() => percent(row?.memberProgress)} status="normal" />
      </Col>
      <Col xs={24} md={8}>
        <Statistic title="GMV / 计划" value={money(row?.gmvFen ?? 0)} suffix={<span style={{ fontSize: 14 }}>/ {money(channel.plannedGmvFen)}</span>} />
        <Progress percent={progressPercent(row?.gmvProgress)} format={() => percent(row?.gmvProgress)} status="normal" />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="成本" value={money(row?.costFen ?? 0)} />
        <Statistic title="CAC" value={row?.cacFen === null || row?.cacFen === undefined ? '—' : money(row.cacFen)} style={{ marginTop: 8 }} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="订单" value={row?.orders ?? 0} />
        <Statistic title="ROI" value={roiText(row?.roi)} style={{ marginTop: 8 }} />
      </Col>
    </Row>
  );
}

/** 渠道详情: the channel, its plan vs actual for its period, and the tabs 入口码 / 触达 / 短信链接. */
export function ChannelDetailPage() {
  const { channelId } = useParams();
  const id = Number(channelId);
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can('channels:write');
  const channel = useApiData((signal) => channelsApi.get(id, signal), [id]);
  const data = channel.data;
  const range = data ? reportRangeOf(data) : null;
  const report = useApiData(
    (signal) => (range ? channelsApi.report({ ...range, model: 'first' }, signal) : Promise.resolve(undefined)),
    [range?.from, range?.to, data?.id],
  );
  const [isEditing, setIsEditing] = useState(false);

  if (!Number.isSafeInteger(id) || id <= 0 || isApiError(channel.error, 'CHANNEL_NOT_FOUND', 'NOT_FOUND')) return <NotFoundPage />;
  if (!data) return <Card loading={channel.isLoading}>{!channel.isLoading && <Empty description="渠道加载失败，请刷新重试" />}</Card>;
  const row = report.data?.rows.find((item) => item.channelId === data.id);
  const isActive = data.status === 'active';

  const archive = async () => {
    try {
      await channelsApi.archive(data.id);
      message.success(`已归档 ${data.name}`);
      channel.reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {data.name}
            <Tag>{CHANNEL_KIND_LABELS[data.kind]}</Tag>
            <Tag color={CHANNEL_STATUS_COLORS[data.status]}>{CHANNEL_STATUS_NAMES[data.status]}</Tag>
          </Space>
        }
        extra={
          canWrite && isActive ? (
            <Space>
              <Button onClick={() => setIsEditing(true)}>编辑</Button>
              <Popconfirm
                title={`归档渠道「${data.name}」？`}
                description="归档后不能再新建入口码，历史数据保留。"
                okText="归档"
                cancelText="取消"
                onConfirm={archive}
              >
                <Button danger>归档</Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        <Descriptions
          size="small"
          column={4}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'period', label: '周期', children: periodText(data) },
            { key: 'owner', label: '负责人', children: data.ownerName ?? (data.ownerStaffId ? `员工 #${data.ownerStaffId}` : '—') },
            { key: 'cost', label: '成本', children: `${money(data.fixedCostFen)} + ${unitCostLabel(data.kind, data.unitCostMilliFen)}` },
            {
              key: 'plan',
              label: '计划',
              children: `触达 ${count(data.plannedReach)} × 转化 ${bpToPctText(data.plannedConversionBp)}% × 人均 ${x100ToText(data.plannedOrdersPerMemberX100)} 单 × 客单价 ${money(data.plannedAovFen)}`,
            },
          ]}
        />
        <PlanVsActual channel={data} row={row} isLoading={report.isLoading && !report.data} />
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'codes', label: '入口码', children: <CodesTab channel={data} canWrite={canWrite} /> },
            { key: 'reach', label: '触达', children: <ReachTab channel={data} canWrite={canWrite && isActive} onChanged={report.reload} /> },
            { key: 'sms', label: '短信链接', children: <SmsLinksTab channel={data} canWrite={canWrite && isActive} /> },
          ]}
        />
      </Card>
      {isEditing && (
        <ChannelFormDrawer
          channel={data}
          onClose={() => setIsEditing(false)}
          onSaved={() => {
            setIsEditing(false);
            message.success('已保存');
            channel.reload();
          }}
        />
      )}
    </Space>
  );
}
