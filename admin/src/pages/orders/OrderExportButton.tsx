import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { saveBlob } from '../../api/catalog-io';
import { ordersApi, type OrderListQuery } from '../../api/orders';
import { reportError } from '../../errors/report-error';

/** Downloads the filtered order list (every page) as CSV, showing how far it got. */
export function OrderExportButton({ query }: { query: OrderListQuery }) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const isRunning = progress !== undefined;
  const run = async () => {
    setProgress(null);
    try {
      const file = await ordersApi.exportCsv(query, setProgress);
      saveBlob(file);
      message.success(`已导出 ${file.filename}`);
    } catch (error) {
      reportError(error);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isRunning} onClick={run} data-testid="order-export">
      {isRunning ? `导出中${progress === null ? '…' : ` ${Math.round((progress ?? 0) * 100)}%`}` : '导出 CSV'}
    </Button>
  );
}
