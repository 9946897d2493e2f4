import { InboxOutlined } from '@ant-design/icons';
import type { CatalogImportMode, CatalogImportReport as Report } from '@siyu/shared';
import { Alert, Button, Collapse, Modal, Progress, Radio, Space, Steps, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { catalogIoApi } from '../../../api/catalog-io';
import { ApiError } from '../../../api/client';
import { chineseDetail, reportError } from '../../../errors/report-error';
import { CsvColumnsTable } from './CsvColumnsTable';
import { CsvImportReport } from './CsvImportReport';
import { readCsvFile } from './read-csv-file';

type Phase = 'idle' | 'reading' | 'server' | 'done';

/** Seconds since `since` while it is set, ticking once a second (the server step has no byte progress). */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * CSV import of SKUs: pick a file, choose the mode explicitly, check it (dry run) or import it, and
 * read the per-row report. Progress: reading the file (bytes), then the server's single transaction.
 */
export function CsvImportDialog({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<CatalogImportMode>('all_or_nothing');
  const [phase, setPhase] = useState<Phase>('idle');
  const [readFraction, setReadFraction] = useState(0);
  const [serverSince, setServerSince] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const elapsed = useElapsed(serverSince);
  const isRunning = phase === 'reading' || phase === 'server';

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setReport(null);
    setFailure(null);
    setPhase('reading');
    try {
      const { text } = await readCsvFile(file, setReadFraction);
      setPhase('server');
      setServerSince(Date.now());
      const result = await catalogIoApi.importCsv(text, mode, dryRun);
      setReport(result);
      if (result.committed) onImported();
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && !error.isSessionExpired) setFailure(error);
      else reportError(error);
    } finally {
      setPhase('done');
      setServerSince(null);
    }
  };

  const step = phase === 'idle' ? 0 : phase === 'reading' ? 1 : phase === 'server' ? 2 : 3;
  return (
    <Modal open title="导入商品 CSV" width={980} onCancel={isRunning ? undefined : onClose} closable={!isRunning} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Collapse size="small" items={[{ key: 'columns', label: 'CSV 列说明', children: <CsvColumnsTable /> }]} />
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setReport(null);
            setFailure(null);
            setPhase('idle');
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'csv', name: file.name, status: 'done' }] : []}
          disabled={isRunning}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入 CSV 文件</p>
        </Upload.Dragger>
        <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as CatalogImportMode)} disabled={isRunning} aria-label="导入方式">
          <Space orientation="vertical">
            <Radio value="all_or_nothing">全部通过才导入（推荐）：任何一行有错误，则整个文件都不导入</Radio>
            <Radio value="valid_rows_only">只导入通过校验的行：有错误的行跳过，其余行导入</Radio>
          </Space>
        </Radio.Group>
        <Space>
          <Button onClick={() => run(true)} disabled={!file || isRunning}>
            仅校验
          </Button>
          <Button type="primary" onClick={() => run(false)} disabled={!file || isRunning} loading={phase === 'server'}>
            {mode === 'valid_rows_only' ? '导入有效行' : '导入'}
          </Button>
        </Space>
        {phase !== 'idle' && (
          <div data-testid="csv-progress">
            <Steps size="small" current={step} items={[{ title: '选择文件' }, { title: '读取文件' }, { title: '服务器校验与写入' }, { title: '完成' }]} />
            {phase === 'reading' && <Progress percent={Math.round(readFraction * 100)} />}
            {phase === 'server' && (
              <>
                <Progress percent={100} status="active" showInfo={false} />
                <Typography.Text type="secondary">服务器正在逐行校验{elapsed > 0 ? `（已用 ${elapsed} 秒）` : ''}，请勿关闭窗口…</Typography.Text>
              </>
            )}
          </div>
        )}
        {failure && (
          <Alert type="error" showIcon title={failure.friendlyMessage} description={<CsvFailureDetails error={failure} />} data-testid="csv-failure" />
        )}
        {report && <CsvImportReport report={report} />}
      </Space>
    </Modal>
  );
}

/** What made the whole file unusable (bad quoting, header problems, too many rows). */
function CsvFailureDetails({ error }: { error: ApiError }) {
  const details = (error.details ?? {}) as { line?: number; problems?: { kind: string; column: string }[]; maxRows?: number; rows?: number };
  const kinds: Record<string, string> = { missing: '缺少列', unknown: '无法识别的列', duplicate: '重复的列' };
  return (
    <>
      {chineseDetail(error.message, error.friendlyMessage)}
      {details.line !== undefined && <div>第 {details.line} 行附近</div>}
      {details.problems?.map((problem) => (
        <div key={`${problem.kind}-${problem.column}`}>
          {kinds[problem.kind] ?? problem.kind}：<Typography.Text code>{problem.column || '（空）'}</Typography.Text>
        </div>
      ))}
      {details.maxRows !== undefined && (
        <div>
          文件有 {details.rows} 行，一次最多 {details.maxRows} 行
        </div>
      )}
    </>
  );
}
