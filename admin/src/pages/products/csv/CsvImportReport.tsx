import {
  CATALOG_CSV_COLUMNS,
  CATALOG_IMPORT_STATUS_NAMES,
  type CatalogImportAction,
  type CatalogImportReport as Report,
  type CatalogImportRowReport,
  type CatalogImportRowStatus,
} from '@siyu/shared';
import { Alert, Descriptions, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

const STATUS_COLORS: Record<CatalogImportRowStatus, string> = {
  valid: 'blue',
  imported: 'green',
  unchanged: 'default',
  invalid: 'red',
  not_imported: 'orange',
};

const ACTION_NAMES: Record<CatalogImportAction, string> = {
  create_product: '新建商品',
  add_sku: '新增规格',
  update_sku: '更新规格',
  none: '—',
};

const LABELS = new Map(CATALOG_CSV_COLUMNS.map((column) => [column.key, column.label]));

function outcome(report: Report): { type: 'success' | 'info' | 'warning' | 'error'; text: string } {
  const { summary } = report;
  if (report.dryRun) {
    return summary.invalid === 0
      ? { type: 'success', text: `校验通过：${summary.valid} 行均可导入（尚未写入）。` }
      : { type: 'warning', text: `校验完成：${summary.invalid} 行有错误（尚未写入）。` };
  }
  if (!report.committed) return { type: 'error', text: `有 ${summary.invalid} 行错误，按“全部通过才导入”的选择，本次没有导入任何数据。` };
  if (summary.invalid > 0) return { type: 'warning', text: `已导入 ${summary.valid} 行有效数据，${summary.invalid} 行有错误未导入。` };
  return { type: 'success', text: `导入完成：${summary.valid} 行。` };
}

/** The per-row report of a CSV import: what each row did, or why it was refused, by column. */
export function CsvImportReport({ report }: { report: Report }) {
  const [isErrorsOnly, setIsErrorsOnly] = useState(report.summary.invalid > 0);
  const rows = isErrorsOnly ? report.rows.filter((row) => row.errors.length > 0) : report.rows;
  const { type, text } = outcome(report);
  return (
    <div data-testid="csv-report">
      <Alert type={type} showIcon title={text} style={{ marginBottom: 12 }} data-testid="csv-report-outcome" />
      <Descriptions
        size="small"
        column={7}
        bordered
        layout="vertical"
        style={{ marginBottom: 12 }}
        items={[
          { label: '数据行', children: report.summary.rows },
          { label: '通过', children: report.summary.valid },
          { label: '错误', children: <Typography.Text type={report.summary.invalid ? 'danger' : undefined}>{report.summary.invalid}</Typography.Text> },
          { label: '新建商品', children: report.summary.createdProducts },
          { label: '新增规格', children: report.summary.createdSkus },
          { label: '更新规格', children: report.summary.updatedSkus },
          { label: '无变化', children: report.summary.unchanged },
        ]}
      />
      <div style={{ marginBottom: 8 }}>
        <Switch size="small" checked={isErrorsOnly} onChange={setIsErrorsOnly} /> 只看有错误的行
      </div>
      <Table<CatalogImportRowReport>
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ y: 320 }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 70 },
          {
            title: '结果',
            dataIndex: 'status',
            width: 100,
            render: (status: CatalogImportRowStatus) => <Tag color={STATUS_COLORS[status]}>{CATALOG_IMPORT_STATUS_NAMES[status]}</Tag>,
          },
          { title: '动作', dataIndex: 'action', width: 100, render: (action: CatalogImportAction) => ACTION_NAMES[action] },
          { title: '商品ID', dataIndex: 'productId', width: 80, render: (id: number | null) => id ?? '—' },
          { title: '规格ID', dataIndex: 'skuId', width: 80, render: (id: number | null) => id ?? '—' },
          {
            title: '错误',
            key: 'errors',
            render: (_, row) =>
              row.errors.map((error, index) => (
                <div key={index}>
                  {error.column && (
                    <Typography.Text code>
                      {error.column}
                      {LABELS.has(error.column) ? ` ${LABELS.get(error.column)}` : ''}
                    </Typography.Text>
                  )}{' '}
                  <Typography.Text type="danger">{error.message}</Typography.Text>
                </div>
              )),
          },
        ]}
      />
    </div>
  );
}
