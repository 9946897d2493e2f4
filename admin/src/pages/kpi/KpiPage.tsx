import { chinaDate, KPI_METRIC_LABELS, type KpiMetric, type KpiReport } from '@siyu/shared';
import { Alert, App, Button, Card, Col, DatePicker, Form, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { dashboardApi } from '../../api/dashboard';
import { useSession } from '../../auth/SessionProvider';
import { fenToYuanText, yuanRule, yuanTextToFen, YuanInput } from '../../components/YuanInput';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { percentInputToRate, rateToPercentInput } from '../dashboard/metric-format';
import { AnalyticsSettingsCard } from './AnalyticsSettingsCard';
import { KpiProgressList } from './KpiProgressList';

interface TargetValues {
  gmvYuan?: string;
  newMembers?: number | null;
  repurchasePercent?: number | null;
  activeMembers?: number | null;
}

function targetOf(report: KpiReport, metric: KpiMetric): number | null {
  return report.metrics.find((item) => item.metric === metric)?.target ?? null;
}

function formValues(report: KpiReport): TargetValues {
  const gmv = targetOf(report, 'gmvFen');
  return {
    gmvYuan: gmv === null ? '' : fenToYuanText(gmv),
    newMembers: targetOf(report, 'newMembers'),
    repurchasePercent: rateToPercentInput(targetOf(report, 'repurchaseRate')),
    activeMembers: targetOf(report, 'activeMembers'),
  };
}

/** The month's targets in the form (reports:targets): set one, change one, or clear one (empty). */
function TargetsForm({ month, report, onSaved }: { month: string; report: KpiReport; onSaved: (report: KpiReport) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetValues>();
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => form.setFieldsValue(formValues(report)), [form, report]);

  const save = async (values: TargetValues) => {
    setIsSaving(true);
    try {
      const gmv = yuanTextToFen(values.gmvYuan);
      const saved = await dashboardApi.setKpiTargets(month, {
        targets: {
          gmvFen: typeof gmv === 'number' ? gmv : null,
          newMembers: values.newMembers ?? null,
          repurchaseRate: percentInputToRate(values.repurchasePercent),
          activeMembers: values.activeMembers ?? null,
        },
      });
      message.success(`${month} 的目标已保存`);
      onSaved(saved);
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Form<TargetValues> form={form} layout="vertical" onFinish={save} data-testid="kpi-form" initialValues={formValues(report)}>
      <Form.Item name="gmvYuan" label={KPI_METRIC_LABELS.gmvFen} rules={[yuanRule()]} extra="留空表示不设目标">
        <YuanInput placeholder="如 500000.00" />
      </Form.Item>
      <Form.Item name="newMembers" label={`${KPI_METRIC_LABELS.newMembers}（人）`}>
        <InputNumber min={0} max={1e9} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="repurchasePercent" label={`${KPI_METRIC_LABELS.repurchaseRate}（%）`}>
        <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} suffix="%" />
      </Form.Item>
      <Form.Item name="activeMembers" label={`${KPI_METRIC_LABELS.activeMembers}（人）`}>
        <InputNumber min={0} max={1e9} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isSaving} data-testid="kpi-save">
        保存目标
      </Button>
    </Form>
  );
}

/** 月度目标: pick a month, see progress and pace per metric; owner and operator set the targets. */
export function KpiPage() {
  const { can } = useSession();
  const [month, setMonth] = useState(() => chinaDate(new Date()).slice(0, 7));
  const [saved, setSaved] = useState<KpiReport | null>(null);
  const kpi = useApiData((signal) => dashboardApi.kpi(month, signal), [month]);
  const report = saved?.month === month ? saved : kpi.data;
  const mayEdit = can('reports:targets');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          月度目标
        </Typography.Title>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(value) => {
            if (value) setMonth(value.format('YYYY-MM'));
          }}
          data-testid="kpi-month"
        />
      </Space>
      {!mayEdit && <Alert type="info" showIcon title="你可以查看目标和进度；设置目标需要店主或运营权限" data-testid="kpi-readonly" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={mayEdit ? 14 : 24}>
          <Card title="进度与节奏" size="small" data-testid="kpi-progress">
            {kpi.error && !kpi.isLoading ? (
              <Alert type="error" showIcon title={`目标进度加载失败：${kpi.error instanceof ApiError ? kpi.error.friendlyMessage : '请稍后重试'}`} />
            ) : report ? (
              <KpiProgressList report={report} />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        {mayEdit && (
          <Col xs={24} xl={10}>
            <Card title={`设置 ${month} 目标`} size="small">
              {report ? <TargetsForm month={month} report={report} onSaved={setSaved} /> : <Skeleton active />}
            </Card>
          </Col>
        )}
      </Row>
      <AnalyticsSettingsCard />
    </Space>
  );
}
