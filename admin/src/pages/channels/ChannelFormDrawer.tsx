import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, CHANNEL_REACH_UNITS, type ChannelKind } from '@siyu/shared';
import { Alert, Button, Col, DatePicker, Descriptions, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { channelsApi, type ChannelView } from '../../api/channels';
import { staffApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { YuanInput } from '../../components/YuanInput';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { money } from '../../format';
import { bodyOf, changesOf, initialValuesOf, previewOf, type ChannelFormValues } from './channel-form';

const FORM_FIELDS = ['kind', 'name', 'ownerStaffId', 'note', 'plannedReach'] as const;
const fieldOf = (path: (string | number)[]): (string | number)[] | null => {
  const [head] = path;
  const map: Record<string, string> = {
    startsOn: 'range',
    endsOn: 'range',
    fixedCostFen: 'fixedCost',
    unitCostMilliFen: 'unitCost',
    plannedConversionBp: 'conversionPct',
    plannedOrdersPerMemberX100: 'ordersPerMember',
    plannedAovFen: 'aov',
  };
  if (typeof head !== 'string') return null;
  if (map[head]) return [map[head]];
  return (FORM_FIELDS as readonly string[]).includes(head) ? [head] : null;
};

/** 新建 / 编辑渠道: kind, name, period, owner, the cost model and the plan with a live preview of its members and GMV. */
export function ChannelFormDrawer({ channel, onClose, onSaved }: { channel?: ChannelView; onClose(): void; onSaved(saved: ChannelView): void }) {
  const { staff, can } = useSession();
  const [form] = Form.useForm<ChannelFormValues>();
  const [isBusy, setIsBusy] = useState(false);
  const [owners, setOwners] = useState<{ value: number; label: string }[]>([]);
  const initialValues = useMemo(() => initialValuesOf(channel, staff?.id ?? null), [channel, staff]);
  const values = Form.useWatch([], form) ?? initialValues;
  const kind: ChannelKind = values.kind ?? 'other';
  const preview = previewOf(values);

  useEffect(() => {
    const self = staff ? [{ value: staff.id, label: staff.displayName }] : [];
    if (!can('staff:manage')) {
      setOwners(self);
      return;
    }
    staffApi
      .list()
      .then((list) =>
        setOwners(list.filter((item) => !item.isDisabled || item.id === channel?.ownerStaffId).map((item) => ({ value: item.id, label: item.displayName }))),
      )
      .catch(() => setOwners(self));
  }, [can, staff, channel]);

  const submit = async (submitted: ChannelFormValues) => {
    const built = bodyOf(submitted);
    if (!built.ok) {
      form.setFields(Object.entries(built.errors).map(([name, error]) => ({ name: name as keyof ChannelFormValues, errors: [error] })));
      return;
    }
    const changes = channel ? changesOf(channel, built.body) : null;
    if (changes && Object.keys(changes).length === 0) return onClose();
    setIsBusy(true);
    try {
      onSaved(channel && changes ? await channelsApi.update(channel.id, changes) : await channelsApi.create(built.body));
    } catch (error) {
      if (!showServerFieldErrors(form, error, fieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  const ownerOptions =
    channel?.ownerStaffId && !owners.some((item) => item.value === channel.ownerStaffId)
      ? [...owners, { value: channel.ownerStaffId, label: channel.ownerName ?? `员工 #${channel.ownerStaffId}` }]
      : owners;

  return (
    <Drawer
      open
      title={channel ? `编辑渠道：${channel.name}` : '新建渠道'}
      size={640}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={isBusy} onClick={() => form.submit()} data-testid="channel-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form<ChannelFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="channel-form">
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label="渠道名称" rules={[{ required: true, whitespace: true, message: '请输入渠道名称' }]}>
              <Input maxLength={40} placeholder="如 双12 包裹卡" aria-label="渠道名称" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="kind" label="渠道类型" rules={[{ required: true, message: '请选择渠道类型' }]}>
              <Select
                options={CHANNEL_KINDS.map((value) => ({ value, label: CHANNEL_KIND_LABELS[value] }))}
                disabled={Boolean(channel)}
                aria-label="渠道类型"
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="range" label="周期">
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} aria-label="周期" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="ownerStaffId" label="负责人">
              <Select options={ownerOptions} allowClear placeholder="选择负责人" aria-label="负责人" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          成本
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="fixedCost" label="固定成本" tooltip="设计、制作、平台服务费等一次性费用">
              <YuanInput aria-label="固定成本" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="unitCost" label={`单位成本（每${CHANNEL_REACH_UNITS[kind]}）`} tooltip="最多三位小数，如短信 0.045 元/条">
              <Input prefix="¥" suffix={`/${CHANNEL_REACH_UNITS[kind]}`} inputMode="decimal" autoComplete="off" aria-label="单位成本" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          计划
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="plannedReach" label="计划触达">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix={CHANNEL_REACH_UNITS[kind]} aria-label="计划触达" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="conversionPct" label="会员转化率">
              <Input suffix="%" inputMode="decimal" autoComplete="off" placeholder="如 11" aria-label="会员转化率" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="ordersPerMember" label="人均订单数">
              <Input inputMode="decimal" autoComplete="off" placeholder="如 1.5" aria-label="人均订单数" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="aov" label="客单价">
              <YuanInput aria-label="客单价" />
            </Form.Item>
          </Col>
        </Row>
        <Alert
          type="info"
          title="计划预估"
          description={
            <Descriptions
              size="small"
              column={3}
              data-testid="channel-plan-preview"
              items={[
                { key: 'members', label: '计划会员', children: <span data-testid="preview-members">{preview.plannedMembers.toLocaleString('zh-CN')} 人</span> },
                { key: 'orders', label: '计划订单', children: <span data-testid="preview-orders">{preview.plannedOrders.toLocaleString('zh-CN')} 单</span> },
                { key: 'gmv', label: '计划GMV', children: <span data-testid="preview-gmv">{money(preview.plannedGmvFen)}</span> },
              ]}
            />
          }
          style={{ marginBottom: 16 }}
        />
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} aria-label="备注" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
