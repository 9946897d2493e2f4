import { InboxOutlined } from '@ant-design/icons';
import { SHIP_CSV_HEADER, SHIP_IMPORT_STATUS_NAMES, serializeCsv, type ShipImportReport, type ShipImportRowStatus } from '@siyu/shared';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { saveBlob } from '../../api/catalog-io';
import { ApiError } from '../../api/client';
import { ordersApi } from '../../api/orders';
import { chineseDetail, reportError } from '../../errors/report-error';
import { readCsvFile } from '../products/csv/read-csv-file';

const STATUS_COLORS: Record<ShipImportRowStatus, string> = { valid: 'blue', shipped: 'green', invalid: 'red', not_shipped: 'default' };

/** The template: the header and one example row, UTF-8 with a BOM so Excel opens it right. */
function downloadTemplate() {
  const text = serializeCsv([[...SHIP_CSV_HEADER], ['S20260301120000ABCDEFGH', '顺丰速运', 'SF1234567890']], { bom: true });
  saveBlob({ blob: new Blob([text], { type: 'text/csv;charset=utf-8' }), filename: '批量发货模板.csv' });
}

function ReportView({ report }: { report: ShipImportReport }) {
  const { summary } = report;
  const headline = report.committed
    ? `已发货 ${summary.shipped} 单`
    : summary.invalid > 0
      ? `${summary.invalid} 行有错误，整个文件未发货（共 ${summary.rows} 行）`
      : `校验通过：${summary.rows} 行都可以发货`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ship-import-report">
      <Alert type={report.committed ? 'success' : summary.invalid > 0 ? 'error' : 'info'} showIcon title={headline} />
      <Table
        size="small"
        rowKey="row"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={report.rows}
        columns={[
          { title: '行', dataIndex: 'row', width: 60 },
          { title: '订单号', dataIndex: 'orderNo' },
          {
            title: '结果',
            dataIndex: 'status',
            render: (status: ShipImportRowStatus) => <Tag color={STATUS_COLORS[status]}>{SHIP_IMPORT_STATUS_NAMES[status]}</Tag>,
          },
          {
            title: '原因',
            key: 'errors',
            render: (_, row) =>
              row.errors.length === 0 ? '—' : row.errors.map((error) => `${error.column ? `${error.column}：` : ''}${error.message}`).join('；'),
          },
        ]}
      />
    </Space>
  );
}

/**
 * 批量发货: a CSV of 订单号, 快递公司, 快递单号. Checked (dry run) or shipped in one go — all or nothing:
 * one bad row and nothing ships; the per-row report says which row and why.
 */
export function ShipImportDialog({ onClose, onShipped }: { onClose(): void; onShipped(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [report, setReport] = useState<ShipImportReport | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setIsRunning(true);
    setReport(null);
    setFailure(null);
    try {
      const { text } = await readCsvFile(file, () => undefined);
      const result = await ordersApi.shipImport(text, dryRun);
      setReport(result);
      if (result.committed) onShipped();
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && !error.isSessionExpired) setFailure(error);
      else reportError(error);
    } finally {
      setIsRunning(false);
    }
  };
  return (
    <Modal open title="批量发货" width={860} onCancel={isRunning ? undefined : onClose} closable={!isRunning} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          CSV 三列：订单号、快递公司、快递单号（第一行为表头）。任何一行有错误，整个文件都不发货。
          <Button type="link" size="small" onClick={downloadTemplate}>
            下载模板
          </Button>
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setReport(null);
            setFailure(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'csv', name: file.name, status: 'done' }] : []}
          disabled={isRunning}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入快递单号 CSV 文件</p>
        </Upload.Dragger>
        <Space>
          <Button onClick={() => run(true)} disabled={!file || isRunning}>
            仅校验
          </Button>
          <Button type="primary" onClick={() => run(false)} disabled={!file || isRunning} loading={isRunning}>
            确认发货
          </Button>
        </Space>
        {failure && <Alert type="error" showIcon title={failure.friendlyMessage} description={chineseDetail(failure.message, failure.friendlyMessage)} />}
        {report && <ReportView report={report} />}
      </Space>
    </Modal>
  );
}
