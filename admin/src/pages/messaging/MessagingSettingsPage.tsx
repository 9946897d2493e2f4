import { SaveOutlined } from '@ant-design/icons';
import { MESSAGE_CHANNEL_NAMES, messagingSettingsSchema, type MessagingSettings } from '@siyu/shared';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { messagingApi } from './messaging-api';
import { SmsTemplatesTab } from './SmsTemplatesTab';
import { SubscribeTemplatesTab } from './SubscribeTemplatesTab';

const CAP_ROWS = [
  ...(['subscribe', 'sms', 'wecom', 'inapp'] as const).map((key) => ({ key, name: MESSAGE_CHANNEL_NAMES[key] })),
  { key: 'all' as const, name: '全部渠道合计' },
];

/** 消息设置: the guards (quiet hours, caps, default holdout) and the channels' templates. */
export function MessagingSettingsPage() {
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') ?? 'guards';
  return (
    <Card title="消息设置">
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'guards' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'guards', label: '免打扰与频控', children: <GuardsForm /> },
          { key: 'subscribe', label: '订阅消息模板', children: <SubscribeTemplatesTab /> },
          { key: 'sms', label: '短信模板', children: <SmsTemplatesTab /> },
        ]}
      />
    </Card>
  );
}

function GuardsForm() {
  const { can } = useSession();
  const { message } = App.useApp();
  const canSave = can('messaging:settings');
  const { data, reload } = useApiData((signal) => messagingApi.settings(signal), []);
  const [value, setValue] = useState<MessagingSettings | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  // The saved settings fill the form once loaded (a reload after saving shows what the server kept).
  useEffect(() => {
    if (data) setValue(data);
  }, [data]);
  if (!value) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  const parsed = messagingSettingsSchema.safeParse(value);

  const save = async () => {
    if (!parsed.success) return;
    setIsSaving(true);
    try {
      setValue(await messagingApi.saveSettings(parsed.data));
      message.success('消息设置已保存');
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const cap = (key: (typeof CAP_ROWS)[number]['key'], field: 'perDay' | 'perWeek', name: string) => (
    <InputNumber
      aria-label={`${name}${field === 'perDay' ? '每日上限' : '每周上限'}`}
      min={0}
      max={field === 'perDay' ? 50 : 200}
      precision={0}
      disabled={!canSave}
      value={value.caps[key][field]}
      onChange={(next) => setValue({ ...value, caps: { ...value.caps, [key]: { ...value.caps[key], [field]: Number(next ?? 0) } } })}
    />
  );

  return (
    <Form layout="vertical" data-testid="messaging-settings">
      {!canSave && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="只有店主可以修改消息设置" />}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item label="免打扰开始（北京时间）" extra="营销消息在免打扰时段内顺延到结束时发送">
            <Input
              aria-label="免打扰开始"
              disabled={!canSave}
              value={value.quietStart}
              onChange={(event) => setValue({ ...value, quietStart: event.target.value })}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label="免打扰结束">
            <Input
              aria-label="免打扰结束"
              disabled={!canSave}
              value={value.quietEnd}
              onChange={(event) => setValue({ ...value, quietEnd: event.target.value })}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label="实验默认对照组比例 %">
            <InputNumber
              aria-label="默认对照组比例"
              min={0}
              max={50}
              disabled={!canSave}
              value={value.holdoutBp / 100}
              onChange={(next) => setValue({ ...value, holdoutBp: Math.round(Number(next ?? 0) * 100) })}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>营销消息频控（每位会员）</Typography.Title>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        style={{ maxWidth: 560 }}
        dataSource={CAP_ROWS}
        columns={[
          { title: '渠道', dataIndex: 'name' },
          { title: '每日上限', key: 'day', render: (_, row) => cap(row.key, 'perDay', row.name) },
          { title: '每周上限', key: 'week', render: (_, row) => cap(row.key, 'perWeek', row.name) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        服务通知（订单、物流、退款等）不受免打扰与频控限制。
      </Typography.Paragraph>
      {!parsed.success && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="时间请填 HH:MM（24 小时制），数值在允许范围内" />}
      {canSave ? (
        <Button type="primary" icon={<SaveOutlined />} loading={isSaving} disabled={!parsed.success} onClick={save} data-testid="messaging-settings-save">
          保存
        </Button>
      ) : (
        <Tag>只读</Tag>
      )}
    </Form>
  );
}
