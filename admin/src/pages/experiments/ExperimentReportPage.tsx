import { Alert, Card, Col, Descriptions, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EChart } from '../../components/charts';
import { formatTime, money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { ARM_NAMES, experimentsApi, type ArmReport } from './experiments-api';
import { conversionLiftOption, gmvLiftOption } from './lift-charts';

const percent = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const points = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)}`;
const yuanSigned = (fen: number) => `${fen >= 0 ? '+' : '-'}${money(Math.abs(fen))}`;

/** A lift cell: the estimate, its 95 % interval, green when the whole interval is above zero. */
function LiftCell({ value, low, high, format }: { value: number; low: number; high: number; format: (n: number) => string }) {
  const color = low > 0 ? 'success' : high < 0 ? 'danger' : undefined;
  return (
    <span>
      <Typography.Text type={color} strong>
        {format(value)}
      </Typography.Text>
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        95% 区间 [{format(low)}, {format(high)}]
      </Typography.Text>
    </span>
  );
}

/** One experiment's report: arms with conversion, GMV per member, the lift over the holdout with intervals. */
export function ExperimentReportPage() {
  const id = Number(useParams().experimentId);
  const { data, isLoading } = useApiData((signal) => experimentsApi.report(id, signal), [id]);
  const conversionChart = useMemo(() => (data ? conversionLiftOption(data.arms) : null), [data]);
  const gmvChart = useMemo(() => (data ? gmvLiftOption(data.arms) : null), [data]);
  if (isLoading && !data) return <Skeleton active />;
  if (!data) return null;
  const { experiment } = data;
  const hasLift = data.arms.some((arm) => arm.liftVsHoldout);

  return (
    <Card title={`实验报告：${experiment.name}`} data-testid="experiment-report">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="来源">
          {experiment.kind === 'journey' ? '旅程' : '群发'}：
          {experiment.kind === 'journey' && experiment.journeyId ? (
            <Link to={`/journeys/${experiment.journeyId}`}>{experiment.sourceName}</Link>
          ) : (
            (experiment.sourceName ?? '—')
          )}
        </Descriptions.Item>
        <Descriptions.Item label="转化窗口">入组后 {experiment.conversionDays} 天内付款</Descriptions.Item>
        <Descriptions.Item label="开始时间">{formatTime(experiment.startedAt)}</Descriptions.Item>
      </Descriptions>
      {data.warning && (
        <Alert
          type="warning"
          showIcon
          message={data.warning}
          description="各组至少 100 人、5 个转化且有对照组时，提升才有参考意义。"
          style={{ marginBottom: 16 }}
          data-testid="experiment-warning"
        />
      )}
      <Table<ArmReport>
        rowKey="arm"
        size="middle"
        pagination={false}
        dataSource={data.arms}
        scroll={{ x: 'max-content' }}
        data-testid="experiment-arms"
        columns={[
          {
            title: '分组',
            dataIndex: 'arm',
            render: (arm: ArmReport['arm']) => <Tag color={arm === 'holdout' ? 'default' : arm === 'A' ? 'blue' : 'purple'}>{ARM_NAMES[arm]}</Tag>,
          },
          { title: '入组', dataIndex: 'entrants', align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '已发送', dataIndex: 'sends', align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '转化人数', dataIndex: 'conversions', align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '转化率', dataIndex: 'conversionRate', align: 'right', render: (rate: number) => percent(rate, 2) },
          { title: 'GMV（净额）', dataIndex: 'gmvFen', align: 'right', render: (fen: number) => money(fen) },
          { title: '人均 GMV', dataIndex: 'gmvPerMemberFen', align: 'right', render: (fen: number) => money(fen) },
          {
            title: '转化率提升（百分点）',
            key: 'conversionLift',
            render: (_, arm) =>
              arm.liftVsHoldout ? (
                <LiftCell {...arm.liftVsHoldout.conversion} value={arm.liftVsHoldout.conversion.diff} format={points} />
              ) : arm.arm === 'holdout' ? (
                '基准'
              ) : (
                '—'
              ),
          },
          {
            title: '人均 GMV 提升',
            key: 'gmvLift',
            render: (_, arm) =>
              arm.liftVsHoldout ? (
                <LiftCell
                  value={arm.liftVsHoldout.gmvPerMember.diffFen}
                  low={arm.liftVsHoldout.gmvPerMember.lowFen}
                  high={arm.liftVsHoldout.gmvPerMember.highFen}
                  format={yuanSigned}
                />
              ) : arm.arm === 'holdout' ? (
                '基准'
              ) : (
                '—'
              ),
          },
          {
            title: '增量 GMV',
            key: 'incremental',
            align: 'right',
            render: (_, arm) => (arm.liftVsHoldout ? yuanSigned(arm.liftVsHoldout.incrementalGmvFen) : '—'),
          },
        ]}
      />
      {hasLift && conversionChart && gmvChart && (
        <Row gutter={16} style={{ marginTop: 24 }}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>转化率提升（对照组为 0，竖线为 95% 区间）</Typography.Title>
            <EChart option={conversionChart} height={280} testId="chart-conversion-lift" ariaLabel="各组相对对照组的转化率提升及 95% 置信区间" />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>人均 GMV 提升（元）</Typography.Title>
            <EChart option={gmvChart} height={280} testId="chart-gmv-lift" ariaLabel="各组相对对照组的人均 GMV 提升及 95% 置信区间" />
          </Col>
        </Row>
      )}
    </Card>
  );
}
