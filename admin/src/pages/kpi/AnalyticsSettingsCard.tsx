import type { AnalyticsSettings, AnalyticsSettingsBody } from '@siyu/shared';
import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { dashboardApi, type DailyReportView } from '../../api/dashboard';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime, money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';

/** The robot's delivery state of a 日报, in Chinese. */
export const ROBOT_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  pending: { text: '待发送', color: 'processing' },
  sent: { text: '已发送', color: 'success' },
  failed: { text: '发送失败', color: 'error' },
  off: { text: '未配置机器人', color: 'default' },
};

function SettingsForm({ settings, mayEdit, onSaved }: { settings: AnalyticsSettings; mayEdit: boolean; onSaved: (next: AnalyticsSettings) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AnalyticsSettingsBody>();
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => form.setFieldsValue(settings), [form, settings]);
  const save = async (values: AnalyticsSettingsBody) => {
    setIsSaving(true);
    try {
      onSaved(await dashboardApi.saveSettings(values));
      message.success('数据设置已保存');
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Form<AnalyticsSettingsBody> form={form} layout="inline" onFinish={save} initialValues={settings} disabled={!mayEdit} data-testid="analytics-settings-form">
      <Form.Item name="eventRetentionDays" label="行为数据保留天数" rules={[{ required: true, message: '请输入 30–1100 天' }]}>
        <InputNumber min={30} max={1100} precision={0} suffix="天" />
      </Form.Item>
      <Form.Item name="dailyReportEnabled" label="日报" valuePropName="checked">
        <Switch checkedChildren="开" unCheckedChildren="关" />
      </Form.Item>
      <Form.Item name="dailyReportHour" label="发送时间（北京时间）" rules={[{ required: true, message: '请输入 0–23 点' }]}>
        <InputNumber min={0} max={23} precision={0} suffix="点" />
      </Form.Item>
      {mayEdit && (
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="analytics-settings-save">
            保存
          </Button>
        </Form.Item>
      )}
    </Form>
  );
}

/** 数据设置: event retention, the 日报 on/off and hour, whether the robot is configured (never its URL), recent 日报. */
export function AnalyticsSettingsCard() {
  const { message } = App.useApp();
  const { can } = useSession();
  const mayEdit = can('reports:settings');
  const [saved, setSaved] = useState<AnalyticsSettings | null>(null);
  const [resending, setResending] = useState<string | null>(null);
  const settings = useApiData((signal) => dashboardApi.settings(signal), []);
  const reports = useApiData((signal) => dashboardApi.dailyReports(signal), []);
  const current = saved ?? settings.data;

  const resend = async (day: string) => {
    setResending(day);
    try {
      await dashboardApi.resendDailyReport(day);
      message.success(`${day} 的日报已重新发送`);
      reports.reload();
    } catch (error) {
      reportError(error);
    } finally {
      setResending(null);
    }
  };

  return (
    <Card title="数据设置与日报" size="small" data-testid="analytics-settings">
      {settings.error && !settings.isLoading ? (
        <Alert type="error" showIcon title={`数据设置加载失败：${settings.error instanceof ApiError ? settings.error.friendlyMessage : '请稍后重试'}`} />
      ) : current ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="企业微信群机器人">
              {current.robotConfigured ? <Tag color="success">已配置</Tag> : <Tag>未配置（日报只发站内信）</Tag>}
            </Descriptions.Item>
          </Descriptions>
          <SettingsForm settings={current} mayEdit={mayEdit} onSaved={setSaved} />
          {!mayEdit && <Typography.Text type="secondary">修改数据设置需要店主权限</Typography.Text>}
        </Space>
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        最近日报
      </Typography.Title>
      {reports.error && !reports.isLoading ? (
        <Alert type="warning" showIcon title={`日报记录加载失败：${reports.error instanceof ApiError ? reports.error.friendlyMessage : '请稍后重试'}`} />
      ) : (
        <Table<DailyReportView>
          size="small"
          rowKey="day"
          loading={reports.isLoading}
          dataSource={reports.data ?? []}
          pagination={false}
          data-testid="daily-reports"
          locale={{ emptyText: '暂无日报' }}
          columns={[
            { title: '日期', dataIndex: 'day' },
            { title: 'GMV', key: 'gmv', align: 'right', render: (_, row) => money(row.content?.gmvFen) },
            { title: '支付订单', key: 'orders', align: 'right', render: (_, row) => row.content?.paidOrders ?? '—' },
            {
              title: '机器人',
              dataIndex: 'robotStatus',
              render: (status: string, row) => {
                const label = ROBOT_STATUS_LABELS[status] ?? { text: '未知', color: 'default' };
                return (
                  <Space size={4}>
                    <Tag color={label.color}>{label.text}</Tag>
                    {row.robotSentAt && <Typography.Text type="secondary">{formatTime(row.robotSentAt)}</Typography.Text>}
                  </Space>
                );
              },
            },
            ...(mayEdit
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, row: DailyReportView) => (
                      <Button size="small" loading={resending === row.day} disabled={!current?.robotConfigured} onClick={() => void resend(row.day)}>
                        重新发送
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Card>
  );
}
