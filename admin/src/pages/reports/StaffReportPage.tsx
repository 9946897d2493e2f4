import { Card, Space, Table } from 'antd';
import { reportsApi, type StaffReport } from '../../api/reports';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText } from './report-charts';

type StaffRow = StaffReport['staff'][number];

/** 员工业绩 (reports:staff): per staff member, the members they own, how many paid and their GMV. */
export function StaffReportPage() {
  const [range, setRange] = useReportRange();
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.staff(range, signal), [range.from, range.to]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="员工业绩"
        hint="每位员工名下（专属导购）的会员数、所选日期内有支付订单的会员数及其 GMV。"
        range={range}
        onRange={setRange}
        extra={<ReportCsvButton name="staff" query={{ ...range }} />}
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <Card title="员工明细" size="small">
          <Table<StaffRow>
            rowKey="staffId"
            size="small"
            loading={isLoading}
            dataSource={data?.staff ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="staff-table"
            locale={{ emptyText: <ReportEmpty description="还没有员工名下的会员" /> }}
            columns={[
              { title: '员工', dataIndex: 'displayName' },
              { className: 'nowrap', title: '名下会员', dataIndex: 'members', align: 'right', render: countText, sorter: (a, b) => a.members - b.members },
              {
                className: 'nowrap',
                title: '支付会员',
                dataIndex: 'payingMembers',
                align: 'right',
                render: countText,
                sorter: (a, b) => a.payingMembers - b.payingMembers,
              },
              {
                className: 'nowrap',
                title: 'GMV',
                dataIndex: 'gmvFen',
                align: 'right',
                render: money,
                sorter: (a, b) => a.gmvFen - b.gmvFen,
                defaultSortOrder: 'descend',
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
