import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { saveBlob, type Download } from '../../api/catalog-io';
import { reportError } from '../../errors/report-error';

export interface CsvDownloadButtonProps {
  /** Fetches the file, reporting the fraction done (null while the size is unknown). */
  download: (onProgress: (fraction: number | null) => void) => Promise<Download>;
  testId?: string;
}

/** 导出 CSV: downloads a file from the API, showing how far it got, and saves it. */
export function CsvDownloadButton({ download, testId }: CsvDownloadButtonProps) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const isRunning = progress !== undefined;
  const run = async () => {
    setProgress(null);
    try {
      const file = await download(setProgress);
      saveBlob(file);
      message.success(`已导出 ${file.filename}`);
    } catch (error) {
      reportError(error);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={isRunning} onClick={run} data-testid={testId}>
      {isRunning ? `导出中${progress === null ? '…' : ` ${Math.round((progress ?? 0) * 100)}%`}` : '导出 CSV'}
    </Button>
  );
}
