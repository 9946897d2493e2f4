import { DEFAULT_CRM_SETTINGS, type CrmSettings } from '@siyu/shared';
import { Alert, App, Button, Col, Divider, Drawer, Form, InputNumber, Progress, Radio, Row, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { fenToYuanText, YuanInput, yuanRule, yuanTextToFen } from '../../components/YuanInput';
import { isApiError } from '../../api/client';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { crmApi, type Rebuild } from './crm-api';
import { count, REBUILD_STATUS_NAMES, REBUILD_TRIGGER_NAMES, rebuildPercent, THRESHOLD_MODE_NAMES, thresholdsText } from './crm-labels';

interface SettingsFormValues {
  windowDays: number;
  mode: CrmSettings['rfm']['mode'];
  recencyDays: number;
  frequency: number;
  monetary: string;
  newDays: number;
  activeDays: number;
  silentDays: number;
  atRiskDays: number;
}

const valuesOf = (settings: CrmSettings): SettingsFormValues => ({
  windowDays: settings.rfm.windowDays,
  mode: settings.rfm.mode,
  recencyDays: settings.rfm.fixed.recencyDays,
  frequency: settings.rfm.fixed.frequency,
  monetary: fenToYuanText(settings.rfm.fixed.monetaryFen),
  ...settings.lifecycle,
});

const settingsOf = (values: SettingsFormValues): CrmSettings => ({
  rfm: {
    windowDays: values.windowDays,
    mode: values.mode,
    fixed: { recencyDays: values.recencyDays, frequency: values.frequency, monetaryFen: Number(yuanTextToFen(values.monetary) ?? 0) },
  },
  lifecycle: { newDays: values.newDays, activeDays: values.activeDays, silentDays: values.silentDays, atRiskDays: values.atRiskDays },
});

/** Polls a running rebuild every second until it ends; `onDone` runs once when it does. */
function useRebuildProgress(initial: Rebuild | null, onDone: () => void): [Rebuild | null, (rebuild: Rebuild) => void] {
  const [rebuild, setRebuild] = useState<Rebuild | null>(initial);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => setRebuild(initial), [initial]);
  const running = rebuild?.status === 'running' ? rebuild.id : null;
  useEffect(() => {
    if (running === null) return undefined;
    const controller = new AbortController();
    const timer = setInterval(() => {
      crmApi
        .rebuild(running, controller.signal)
        .then((next) => {
          if (controller.signal.aborted) return;
          setRebuild(next);
          if (next.status !== 'running') onDoneRef.current();
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) reportError(error);
        });
    }, 1000);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [running]);
  return [rebuild, setRebuild];
}

/** The rebuild's progress bar and figures. */
export function RebuildStatus({ rebuild }: { rebuild: Rebuild | null }) {
  if (!rebuild) return <Typography.Text type="secondary">还没有计算过</Typography.Text>;
  return (
    <div data-testid="rebuild-status">
      <Progress
        percent={rebuildPercent(rebuild)}
        status={rebuild.status === 'failed' ? 'exception' : rebuild.status === 'running' ? 'active' : 'success'}
        size="small"
      />
      <Typography.Text type="secondary">
        {REBUILD_STATUS_NAMES[rebuild.status] ?? rebuild.status} · {REBUILD_TRIGGER_NAMES[rebuild.trigger] ?? '重算'} · 开始于 {formatTime(rebuild.startedAt)}
        {rebuild.finishedAt ? ` · 完成于 ${formatTime(rebuild.finishedAt)}` : ''} · 已处理 {count(rebuild.processed)} / {count(rebuild.total)} 人
        {rebuild.status === 'done' ? ` · 阶段变化 ${count(rebuild.transitions)} 人` : ''}
      </Typography.Text>
      {rebuild.status === 'failed' && <Alert type="error" showIcon style={{ marginTop: 8 }} title="重算失败，请稍后再试" />}
    </div>
  );
}

/** 分层设置: the RFM window and thresholds, the lifecycle boundaries, the last rebuild and 立即重算 (segments:write to change). */
export function CrmSettingsDrawer({ open, onClose, onRebuilt }: { open: boolean; onClose: () => void; onRebuilt: () => void }) {
  const { can } = useSession();
  const canWrite = can('segments:write');
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsFormValues>();
  const { data } = useApiData((signal) => (open ? crmApi.settings(signal) : Promise.resolve(undefined)), [open]);
  const [rebuild, setRebuild] = useRebuildProgress(data?.lastRebuild ?? null, onRebuilt);
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('mode', form);

  useEffect(() => {
    if (data) form.setFieldsValue(valuesOf(data.settings));
  }, [data, form]);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const saved = await crmApi.saveSettings(settingsOf(values));
      message.success('分层设置已保存，正在重算');
      if (saved.lastRebuild) setRebuild(saved.lastRebuild);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const recompute = async () => {
    setBusy(true);
    try {
      const started = await crmApi.startRebuild();
      if (started.rebuild) setRebuild(started.rebuild);
      else message.warning('已有重算在进行中，请稍候');
    } catch (error) {
      if (isApiError(error, 'CRM_REBUILD_RUNNING')) message.warning('已有重算在进行中，请稍候');
      else reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const days = (label: string) => ({ suffix: '天', min: 1, max: 3650, precision: 0, style: { width: '100%' }, 'aria-label': label });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="分层设置"
      size={560}
      destroyOnHidden
      data-testid="crm-settings"
      extra={
        canWrite && (
          <Space>
            <Button onClick={recompute} loading={busy} disabled={rebuild?.status === 'running'} data-testid="crm-rebuild">
              立即重算
            </Button>
            <Button type="primary" onClick={save} loading={busy} disabled={rebuild?.status === 'running'} data-testid="crm-settings-save">
              保存并重算
            </Button>
          </Space>
        )
      }
    >
      <Form<SettingsFormValues> form={form} layout="vertical" disabled={!canWrite} initialValues={valuesOf(DEFAULT_CRM_SETTINGS)}>
        <Divider titlePlacement="start">RFM</Divider>
        <Form.Item name="windowDays" label="统计窗口（F、M 统计最近多少天的订单）" rules={[{ required: true, message: '请填写窗口天数' }]}>
          <InputNumber {...days('统计窗口')} />
        </Form.Item>
        <Form.Item name="mode" label="阈值">
          <Radio.Group
            optionType="button"
            options={(['mean', 'median', 'fixed'] as const).map((value) => ({ value, label: THRESHOLD_MODE_NAMES[value] }))}
            aria-label="阈值方式"
          />
        </Form.Item>
        {mode === 'fixed' ? (
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="recencyDays" label="最近消费 ≤" rules={[{ required: true, message: '请填写天数' }]}>
                <InputNumber {...days('最近消费天数')} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="frequency" label="订单数 ≥" rules={[{ required: true, message: '请填写订单数' }]}>
                <InputNumber min={1} max={100_000} precision={0} suffix="单" style={{ width: '100%' }} aria-label="订单数阈值" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="monetary" label="消费额 ≥" rules={[yuanRule({ required: true })]}>
                <YuanInput aria-label="消费额阈值" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Typography.Paragraph type="secondary">
            按付费会员的{mode === 'mean' ? '平均值' : '中位数'}计算阈值，每次重算时更新。
            {data?.thresholds ? `当前：${thresholdsText(data.thresholds, data.settings.rfm.windowDays)}` : ''}
          </Typography.Paragraph>
        )}
        <Divider titlePlacement="start">生命周期（距最近消费天数）</Divider>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="newDays" label="新客：首单在最近" rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber {...days('新客天数')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="activeDays" label="活跃：不超过" rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber {...days('活跃天数')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="silentDays"
              label="沉默：不超过"
              dependencies={['activeDays']}
              rules={[
                { required: true, message: '请填写天数' },
                ({ getFieldValue }) => ({
                  validator: (_, value: number) => (value > getFieldValue('activeDays') ? Promise.resolve() : Promise.reject(new Error('须大于活跃天数'))),
                }),
              ]}
            >
              <InputNumber {...days('沉默天数')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="atRiskDays"
              label="流失风险：不超过（再往后为已流失）"
              dependencies={['silentDays']}
              rules={[
                { required: true, message: '请填写天数' },
                ({ getFieldValue }) => ({
                  validator: (_, value: number) => (value > getFieldValue('silentDays') ? Promise.resolve() : Promise.reject(new Error('须大于沉默天数'))),
                }),
              ]}
            >
              <InputNumber {...days('流失风险天数')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Divider titlePlacement="start">最近一次计算</Divider>
      <RebuildStatus rebuild={rebuild} />
    </Drawer>
  );
}
