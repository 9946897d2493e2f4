import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import type { ProductFilter } from '../../../api/catalog';
import { catalogIoApi, saveBlob } from '../../../api/catalog-io';
import { reportError } from '../../../errors/report-error';

/** Downloads the product × SKU table (with the list's filters) as CSV, showing how far it got. */
export function ExportCsvButton({ filter }: { filter: ProductFilter }) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const isRunning = progress !== undefined;
  const run = async () => {
    setProgress(null);
    try {
      const file = await catalogIoApi.exportCsv({ ...filter }, setProgress);
      saveBlob(file);
      message.success(`已导出 ${file.filename}`);
    } catch (error) {
      reportError(error);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isRunning} onClick={run}>
      {isRunning ? `导出中${progress === null ? '…' : ` ${Math.round((progress ?? 0) * 100)}%`}` : '导出 CSV'}
    </Button>
  );
}
