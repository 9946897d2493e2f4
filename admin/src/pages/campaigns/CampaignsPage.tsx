import { PlusOutlined } from '@ant-design/icons';
import { MESSAGE_CHANNEL_NAMES, type SendContent } from '@siyu/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { CAMPAIGN_STATUS_NAMES, INTENT_STATUS_NAMES, PURPOSE_NAMES } from '../journeys/journey-labels';
import { defaultContent } from '../journeys/journey-steps';
import { SendContentEditor } from '../journeys/SendContentEditor';
import { useJourneyOptions, type JourneyOptions } from '../journeys/use-journey-options';
import { campaignsApi, type CampaignBody, type CampaignKind, type CampaignView } from './campaigns-api';

/** Campaign texts are rendered for every recipient at once: only the member's name. */
const CAMPAIGN_HELP = '可用占位：{{member.name}} 会员昵称';

const STATUS_COLORS: Readonly<Record<string, string>> = { draft: 'default', scheduled: 'blue', running: 'processing', done: 'green', cancelled: 'default' };

/** 活动群发: the campaigns, a create form and a detail with the sends by status. */
export function CampaignsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can('journeys:write');
  const options = useJourneyOptions();
  const { data, isLoading, reload } = useApiData((signal) => campaignsApi.list(signal), []);
  const [isCreating, setIsCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const segmentName = (id: number | null) => options.segments.find((segment) => segment.value === id)?.label ?? (id ? `#${id}` : '全部会员');

  const cancel = async (campaign: CampaignView) => {
    try {
      await campaignsApi.cancel(campaign.id);
      message.success(`已取消「${campaign.name}」`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="活动群发"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)} data-testid="campaign-create">
            新建群发
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<CampaignView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="campaign-table"
        locale={{ emptyText: '还没有群发活动' }}
        columns={[
          { title: '名称', dataIndex: 'name', render: (name: string, row) => <Typography.Link onClick={() => setOpenId(row.id)}>{name}</Typography.Link> },
          { className: 'nowrap', title: '类型', dataIndex: 'kind', render: (kind: CampaignKind) => (kind === 'coupon_drop' ? '发券' : '消息群发') },
          { className: 'nowrap', title: '分群', dataIndex: 'segmentId', render: segmentName },
          { className: 'nowrap', title: '渠道', key: 'channel', render: (_, row) => (row.content ? MESSAGE_CHANNEL_NAMES[row.content.channel] : '—') },
          { className: 'nowrap', title: '发送时间', dataIndex: 'scheduledAt', render: formatTime },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: string) => <Tag color={STATUS_COLORS[status]}>{CAMPAIGN_STATUS_NAMES[status] ?? status}</Tag>,
          },
          { className: 'nowrap', title: 'A/B', dataIndex: 'experimentId', render: (id: number | null) => (id ? '有' : '—') },
          { className: 'nowrap', title: '已入队', dataIndex: 'enqueued', align: 'right', render: (value: number) => (value ?? 0).toLocaleString('zh-CN') },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, row) => (
              <Space>
                <Typography.Link onClick={() => setOpenId(row.id)}>详情</Typography.Link>
                {canWrite && row.status === 'scheduled' && (
                  <Popconfirm title={`取消「${row.name}」？`} okText="取消群发" cancelText="不取消" onConfirm={() => cancel(row)}>
                    <Typography.Link type="danger">取消</Typography.Link>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {isCreating && (
        <CampaignForm
          options={options}
          onClose={() => setIsCreating(false)}
          onCreated={() => {
            setIsCreating(false);
            reload();
          }}
        />
      )}
      {openId !== null && (
        <CampaignDetail id={openId} fallback={(data ?? []).find((row) => row.id === openId)} segmentName={segmentName} onClose={() => setOpenId(null)} />
      )}
    </Card>
  );
}

interface FormValues {
  name: string;
  kind: CampaignKind;
  segmentId?: number;
  purpose: 'marketing' | 'service';
  scheduledAt: Dayjs;
  couponId?: number;
}

function CampaignForm({ options, onClose, onCreated }: { options: JourneyOptions; onClose(): void; onCreated(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? 'broadcast';
  const [content, setContent] = useState<SendContent>(defaultContent());
  const [withNotice, setWithNotice] = useState(false);
  const [variantB, setVariantB] = useState<SendContent | null>(null);
  const [experiment, setExperiment] = useState<{ holdoutBp: number; splitBp: number; conversionDays: number } | null>(null);
  const [couponIdB, setCouponIdB] = useState<number | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const submit = async (values: FormValues) => {
    const hasContent = kind === 'broadcast' || withNotice;
    const body: CampaignBody = {
      name: values.name.trim(),
      kind,
      segmentId: values.segmentId ?? null,
      purpose: values.purpose,
      scheduledAt: values.scheduledAt.toISOString(),
      content: hasContent ? content : null,
      variantB: hasContent && experiment ? variantB : null,
      couponId: kind === 'coupon_drop' ? (values.couponId ?? null) : null,
      couponIdB: kind === 'coupon_drop' && experiment && experiment.splitBp > 0 ? couponIdB : null,
      experiment,
    };
    setIsSaving(true);
    try {
      await campaignsApi.create(body);
      message.success(`已创建群发「${body.name}」`);
      onCreated();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Drawer
      open
      title="新建群发"
      size={520}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={isSaving} onClick={() => form.submit()} data-testid="campaign-save">
          创建
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'broadcast', purpose: 'marketing', scheduledAt: dayjs().add(1, 'hour').startOf('hour') }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 60 }]}>
          <Input placeholder="如：618 预热" />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Radio.Group
            options={[
              { value: 'broadcast', label: '消息群发' },
              { value: 'coupon_drop', label: '发券' },
            ]}
          />
        </Form.Item>
        <Form.Item name="segmentId" label="分群" extra="不选：发给全部会员">
          <Select aria-label="分群" allowClear showSearch optionFilterProp="label" options={options.segments} placeholder="全部会员" />
        </Form.Item>
        <Form.Item name="purpose" label="用途">
          <Select options={Object.entries(PURPOSE_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="scheduledAt" label="发送时间" rules={[{ required: true, message: '请选择发送时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        {kind === 'coupon_drop' && (
          <>
            <Form.Item name="couponId" label="优惠券" rules={[{ required: true, message: '请选择优惠券' }]}>
              <Select aria-label="优惠券" showSearch optionFilterProp="label" options={options.coupons} />
            </Form.Item>
            <Checkbox checked={withNotice} onChange={(event) => setWithNotice(event.target.checked)}>
              同时发送到账通知
            </Checkbox>
          </>
        )}
      </Form>
      {(kind === 'broadcast' || withNotice) && (
        <Form layout="vertical" style={{ marginTop: 12 }}>
          <SendContentEditor prefix="" placeholderHelp={CAMPAIGN_HELP} value={content} options={options} isReadOnly={false} onChange={setContent} />
        </Form>
      )}
      <Checkbox
        checked={experiment !== null}
        onChange={(event) => {
          setExperiment(event.target.checked ? { holdoutBp: options.defaultHoldoutBp, splitBp: 5000, conversionDays: 7 } : null);
          setVariantB(event.target.checked ? { ...content } : null);
        }}
      >
        A/B 实验（含对照组）
      </Checkbox>
      {experiment && (
        <Form layout="vertical" style={{ marginTop: 12 }}>
          <Space>
            <Form.Item label="对照组比例 %">
              <InputNumber
                aria-label="对照组比例"
                min={0}
                max={50}
                value={experiment.holdoutBp / 100}
                onChange={(value) => setExperiment({ ...experiment, holdoutBp: Math.round(Number(value ?? 0) * 100) })}
              />
            </Form.Item>
            <Form.Item label="B 组比例 %">
              <InputNumber
                aria-label="B 组比例"
                min={0}
                max={100}
                value={experiment.splitBp / 100}
                onChange={(value) => setExperiment({ ...experiment, splitBp: Math.round(Number(value ?? 0) * 100) })}
              />
            </Form.Item>
          </Space>
          {kind === 'coupon_drop' && experiment.splitBp > 0 && (
            <Form.Item label="B 版优惠券" extra="不选：B 组与 A 组领同一张券">
              <Select
                aria-label="B 版优惠券"
                allowClear
                showSearch
                optionFilterProp="label"
                options={options.coupons}
                value={couponIdB ?? undefined}
                onChange={(value?: number) => setCouponIdB(value ?? null)}
              />
            </Form.Item>
          )}
          {variantB && (kind === 'broadcast' || withNotice) && (
            <SendContentEditor prefix="B 版 " placeholderHelp={CAMPAIGN_HELP} value={variantB} options={options} isReadOnly={false} onChange={setVariantB} />
          )}
        </Form>
      )}
    </Drawer>
  );
}

function CampaignDetail({
  id,
  fallback,
  segmentName,
  onClose,
}: {
  id: number;
  fallback?: CampaignView;
  segmentName(id: number | null): string;
  onClose(): void;
}) {
  const { data } = useApiData((signal) => campaignsApi.get(id, signal), [id]);
  const campaign = data ?? fallback;
  const counts = campaign?.counts ?? {};
  return (
    <Drawer open title={campaign?.name ?? '群发详情'} size={560} onClose={onClose} destroyOnHidden>
      {campaign && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="campaign-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="类型">{campaign.kind === 'coupon_drop' ? '发券' : '消息群发'}</Descriptions.Item>
            <Descriptions.Item label="分群">{segmentName(campaign.segmentId)}</Descriptions.Item>
            <Descriptions.Item label="状态">{CAMPAIGN_STATUS_NAMES[campaign.status] ?? campaign.status}</Descriptions.Item>
            <Descriptions.Item label="发送时间">{formatTime(campaign.scheduledAt)}</Descriptions.Item>
            <Descriptions.Item label="内容">
              {campaign.content ? `${MESSAGE_CHANNEL_NAMES[campaign.content.channel]} · ${campaign.content.template}` : '—'}
              {campaign.variantB ? `；B 版 ${MESSAGE_CHANNEL_NAMES[campaign.variantB.channel]} · ${campaign.variantB.template}` : ''}
            </Descriptions.Item>
            {campaign.kind === 'coupon_drop' && (
              <Descriptions.Item label="优惠券">
                #{campaign.couponId}
                {campaign.couponIdB ? `；B 版 #${campaign.couponIdB}` : ''}
              </Descriptions.Item>
            )}
            {campaign.experimentId && <Descriptions.Item label="实验">#{campaign.experimentId}</Descriptions.Item>}
          </Descriptions>
          <Space wrap size="large">
            <Statistic title="已入队" value={campaign.enqueued} />
            {campaign.experimentId !== null && <Statistic title="对照组" value={campaign.holdout ?? 0} />}
            {campaign.kind === 'coupon_drop' && <Statistic title="已发券" value={campaign.couponsGranted ?? 0} />}
            {Object.entries(counts).map(([status, value]) => (
              <Statistic key={status} title={INTENT_STATUS_NAMES[status] ?? status} value={value} />
            ))}
          </Space>
          <Link to={`/messaging/log?campaignId=${campaign.id}`}>查看消息记录</Link>
        </Space>
      )}
    </Drawer>
  );
}
