import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { experimentsApi, type ExperimentView } from './experiments-api';

const bp = (value: number) => `${(value / 100).toFixed(value % 100 === 0 ? 0 : 2)}%`;

/** 实验报告: every experiment of a journey or campaign; a row opens its report. */
export function ExperimentListPage() {
  const { data, isLoading } = useApiData((signal) => experimentsApi.list(signal), []);
  return (
    <Card title="实验报告">
      <Table<ExperimentView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="experiment-table"
        columns={[
          { title: '实验', dataIndex: 'name', render: (name: string, row) => <Link to={`/experiments/${row.id}`}>{name}</Link> },
          {
            title: '来源',
            key: 'source',
            render: (_, row) => (
              <span>
                <Tag color={row.kind === 'journey' ? 'purple' : 'blue'}>{row.kind === 'journey' ? '旅程' : '群发'}</Tag>
                {row.kind === 'journey' && row.journeyId ? (
                  <Link to={`/journeys/${row.journeyId}`}>{row.sourceName ?? `#${row.journeyId}`}</Link>
                ) : (
                  (row.sourceName ?? '—')
                )}
              </span>
            ),
          },
          { title: '对照组', dataIndex: 'holdoutBp', render: bp },
          { title: 'B 组占比', dataIndex: 'splitBp', render: (value: number) => (value > 0 ? bp(value) : '无 B 组') },
          { title: '转化窗口', dataIndex: 'conversionDays', render: (days: number) => `${days} 天` },
          { title: '入组人数', dataIndex: 'entrants', align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '开始时间', dataIndex: 'startedAt', render: formatTime },
          { title: '状态', dataIndex: 'endedAt', render: (ended: string | null) => (ended ? <Tag>已结束</Tag> : <Tag color="green">进行中</Tag>) },
        ]}
      />
    </Card>
  );
}
