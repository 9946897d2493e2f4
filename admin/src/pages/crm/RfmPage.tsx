import { SettingOutlined } from '@ant-design/icons';
import { RFM_CELLS, type RfmCellCode } from '@siyu/shared';
import { Button, Card, Col, Empty, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { EChart } from '../../components/charts';
import { formatTime, money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { crmApi, singleCondition, type RfmCellView } from './crm-api';
import { rfmShareOption, scoreOption } from './crm-charts';
import { bpPercent, count, thresholdsText } from './crm-labels';
import { CrmSettingsDrawer } from './CrmSettingsDrawer';
import { SegmentMembersDrawer, type MembersSelection } from './SegmentMembersDrawer';

const HINTS = new Map<string, string>(RFM_CELLS.map((cell) => [cell.code, cell.hint]));
const ROWS = [
  { title: '重要', codes: ['111', '011', '101', '001'] as RfmCellCode[], color: '#fa8c16' },
  { title: '一般', codes: ['110', '010', '100', '000'] as RfmCellCode[], color: '#1677ff' },
];

/** One cell of the grid: name and code, members and their share, GMV and its share, the hint. */
function CellCard({ cell, color, onOpen }: { cell: RfmCellView; color: string; onOpen: () => void }) {
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      data-testid={`rfm-cell-${cell.code}`}
      style={{ height: '100%', borderTop: `3px solid ${color}` }}
      title={
        <Space>
          <span>{cell.name}</span>
          <Tag style={{ fontFamily: 'monospace' }}>{cell.code}</Tag>
        </Space>
      }
      extra={<Typography.Link>查看会员</Typography.Link>}
    >
      <Row gutter={8}>
        <Col span={11}>
          <Statistic title="会员" value={count(cell.members)} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            占会员 {bpPercent(cell.memberShareBp)}
          </Typography.Text>
        </Col>
        <Col span={13}>
          <Statistic title="GMV" value={money(cell.gmvFen)} styles={{ content: { fontSize: 18, lineHeight: '38px', whiteSpace: 'nowrap' } }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            占 GMV {bpPercent(cell.gmvShareBp)}
          </Typography.Text>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }} ellipsis={{ rows: 1, tooltip: true }}>
        {HINTS.get(cell.code)}
      </Typography.Paragraph>
    </Card>
  );
}

/** RFM 分层: the 8-cell grid (重要 / 一般), 潜客, the thresholds in force, shares chart and the R/F/M score distributions; a cell opens its members. */
export function RfmPage() {
  const { data, isLoading, reload } = useApiData((signal) => crmApi.rfm(signal), []);
  const scores = useApiData((signal) => crmApi.scores(signal), []);
  const [selection, setSelection] = useState<MembersSelection | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const byCode = useMemo(() => new Map((data?.cells ?? []).map((cell) => [cell.code, cell])), [data]);
  const ordered = useMemo(() => RFM_CELLS.map((cell) => byCode.get(cell.code)).filter((cell): cell is RfmCellView => cell !== undefined), [byCode]);
  const shareOption = useMemo(() => rfmShareOption(ordered), [ordered]);
  const scoreOptions = useMemo(
    () => ({
      r: scoreOption(scores.data?.r ?? [], '#52c41a'),
      f: scoreOption(scores.data?.f ?? [], '#1677ff'),
      m: scoreOption(scores.data?.m ?? [], '#faad14'),
    }),
    [scores.data],
  );

  const openCell = (cell: RfmCellView) =>
    setSelection({
      title: `${cell.name}（${cell.code}）的会员`,
      suggestedName: `RFM ${cell.name}`,
      members: cell.members,
      definition: singleCondition({ type: 'rfmCell', cells: [cell.code] }),
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="RFM 分层"
        loading={isLoading && !data}
        extra={
          <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="crm-settings-open">
            分层设置
          </Button>
        }
      >
        <Row gutter={[16, 16]} data-testid="rfm-totals">
          <Col xs={12} md={6}>
            <Statistic title="付费会员" value={count(data?.payingMembers)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="潜客（未消费）" value={count(data?.prospects)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="会员总数" value={count(data?.totalMembers)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={`GMV（近 ${data?.windowDays ?? 365} 天）`} value={money(data?.gmvFen ?? 0)} />
          </Col>
        </Row>
        <Typography.Paragraph style={{ margin: '16px 0 0' }} data-testid="rfm-thresholds">
          <Typography.Text strong>阈值：</Typography.Text>
          {data ? thresholdsText(data.thresholds, data.windowDays) : '—'}
          <Typography.Text type="secondary">
            {'　'}1 表示优于阈值（最近消费天数越少越好）· 计算于 {formatTime(data?.computedAt ?? data?.thresholds?.computedAt)}
          </Typography.Text>
        </Typography.Paragraph>
      </Card>
      <div data-testid="rfm-grid">
        {ROWS.map((row) => (
          <Row key={row.title} gutter={[16, 16]} style={{ marginBottom: 16 }} wrap={false}>
            <Col flex="48px" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
              <Typography.Text strong style={{ writingMode: 'vertical-rl', letterSpacing: 8, color: row.color, fontSize: 16 }}>
                {row.title}
              </Typography.Text>
            </Col>
            {row.codes.map((code) => {
              const cell = byCode.get(code);
              return (
                <Col key={code} flex="1 1 0" style={{ minWidth: 0 }}>
                  {cell ? <CellCard cell={cell} color={row.color} onOpen={() => openCell(cell)} /> : <Card size="small" loading={isLoading} />}
                </Col>
              );
            })}
          </Row>
        ))}
      </div>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title="会员占比 vs GMV 占比" size="small">
            {ordered.length > 0 && data && data.payingMembers > 0 ? (
              <EChart option={shareOption} height={300} testId="chart-rfm-share" ariaLabel="各 RFM 分层的会员占比与 GMV 占比柱状图" />
            ) : (
              <Empty description="还没有付费会员" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="R / F / M 五级评分分布" size="small" loading={scores.isLoading && !scores.data}>
            <Row gutter={8}>
              {(
                [
                  { key: 'r', title: 'R 最近消费' },
                  { key: 'f', title: 'F 消费频次' },
                  { key: 'm', title: 'M 消费金额' },
                ] as const
              ).map((axis) => (
                <Col key={axis.key} span={8}>
                  <Typography.Text type="secondary">{axis.title}</Typography.Text>
                  <EChart option={scoreOptions[axis.key]} height={260} testId={`chart-score-${axis.key}`} ariaLabel={`${axis.title} 1 到 5 分的会员数`} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
      <SegmentMembersDrawer selection={selection} onClose={() => setSelection(null)} />
      <CrmSettingsDrawer
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onRebuilt={() => {
          reload();
          scores.reload();
        }}
      />
    </Space>
  );
}
