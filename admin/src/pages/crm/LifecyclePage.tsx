import { SettingOutlined } from '@ant-design/icons';
import { LIFECYCLE_STAGES, lifecycleName, type LifecycleBoundaries, type LifecycleStage } from '@siyu/shared';
import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { EChart } from '../../components/charts';
import { useApiData } from '../../hooks/use-api-data';
import { crmApi, singleCondition, type LifecycleStageView, type LifecycleTransition } from './crm-api';
import { lifecycleOption } from './crm-charts';
import { bpPercent, count } from './crm-labels';
import { CrmSettingsDrawer } from './CrmSettingsDrawer';
import { SegmentMembersDrawer, type MembersSelection } from './SegmentMembersDrawer';

/** The rule of a stage with the store's boundaries ("最近 91–180 天买过"). */
export function stageRule(code: LifecycleStage, b: LifecycleBoundaries | undefined): string {
  if (!b) return LIFECYCLE_STAGES.find((stage) => stage.code === code)?.hint ?? '';
  switch (code) {
    case 'prospect':
      return '注册了，还没有下过单';
    case 'new':
      return `首单在最近 ${b.newDays} 天内`;
    case 'active':
      return `最近 0–${b.activeDays} 天买过`;
    case 'silent':
      return `${b.activeDays + 1}–${b.silentDays} 天没买了`;
    case 'at_risk':
      return `${b.silentDays + 1}–${b.atRiskDays} 天没买了`;
    case 'churned':
      return `超过 ${b.atRiskDays} 天没买了`;
  }
}

/** 生命周期: the 6 stages with counts and shares, the chart, and the last 30 days' transitions; a stage opens its members. */
export function LifecyclePage() {
  const { data, isLoading, reload } = useApiData((signal) => crmApi.lifecycle(signal), []);
  const [selection, setSelection] = useState<MembersSelection | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const stages = useMemo(() => {
    const byCode = new Map((data?.stages ?? []).map((stage) => [stage.code, stage]));
    return LIFECYCLE_STAGES.map((stage) => byCode.get(stage.code)).filter((stage): stage is LifecycleStageView => stage !== undefined);
  }, [data]);
  const chart = useMemo(() => lifecycleOption(stages), [stages]);
  const transitions = useMemo(() => [...(data?.transitions ?? [])].sort((a, b) => b.members - a.members), [data]);

  const openStage = (stage: LifecycleStageView) =>
    setSelection({
      title: `${stage.name}的会员`,
      suggestedName: `生命周期 ${stage.name}`,
      members: stage.members,
      definition: singleCondition({ type: 'lifecycle', stages: [stage.code] }),
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="生命周期"
        loading={isLoading && !data}
        extra={
          <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="crm-settings-open">
            分层设置
          </Button>
        }
      >
        <Row gutter={[16, 16]} data-testid="lifecycle-stages">
          {stages.map((stage) => (
            <Col key={stage.code} xs={12} md={8} xl={4}>
              <Card size="small" hoverable onClick={() => openStage(stage)} data-testid={`lifecycle-stage-${stage.code}`} style={{ height: '100%' }}>
                <Statistic
                  title={stage.name}
                  value={count(stage.members)}
                  suffix={<span style={{ fontSize: 13, color: '#8c8c8c' }}>{bpPercent(stage.shareBp)}</span>}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {stageRule(stage.code, data?.boundaries)}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          按距最近一次消费的天数（中国时间自然日）划分阶段；点击阶段查看会员，可保存为分群。
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title="各阶段会员数" size="small">
            {stages.length > 0 ? <EChart option={chart} height={320} testId="chart-lifecycle" ariaLabel="各生命周期阶段的会员数柱状图" /> : <Empty />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="近 30 天阶段变化" size="small">
            <Table<LifecycleTransition>
              rowKey={(row) => `${row.from}-${row.to}`}
              size="small"
              loading={isLoading}
              dataSource={transitions}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              data-testid="lifecycle-transitions"
              locale={{ emptyText: '近 30 天没有阶段变化' }}
              columns={[
                { title: '原阶段', dataIndex: 'from', render: (code: string) => lifecycleName(code) },
                { title: '', key: 'arrow', width: 32, render: () => '→' },
                { title: '新阶段', dataIndex: 'to', render: (code: string) => lifecycleName(code) },
                { title: '会员数', dataIndex: 'members', align: 'right', render: count },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <SegmentMembersDrawer selection={selection} onClose={() => setSelection(null)} />
      <CrmSettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} onRebuilt={reload} />
    </Space>
  );
}
