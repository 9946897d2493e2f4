import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Result, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { saveBlob } from '../../api/catalog-io';
import type { Query } from '../../api/client';
import { reportsApi, type ExportableReport } from '../../api/reports';
import { errorView, reportError } from '../../errors/report-error';
import { RangePicker, type DayRange } from './RangePicker';

/** The pieces every 数据 page shares: the header card with the range picker, CSV buttons, error and empty states. */

const HAN = /\p{Script=Han}/u;

/** The header of a report: title, what it counts, the range picker and extra controls. */
export function ReportHeader(props: {
  title: string;
  hint: ReactNode;
  range: DayRange;
  onRange: (next: DayRange) => void;
  extra?: ReactNode;
  retentionDays?: number;
}) {
  return (
    <Card
      title={props.title}
      extra={
        <Space wrap>
          {props.extra}
          <RangePicker value={props.range} onChange={props.onRange} retentionDays={props.retentionDays} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {props.hint}
      </Typography.Paragraph>
    </Card>
  );
}

/** The page body when the report could not be loaded (the endpoint failed or is missing): a Chinese reason and 重试. */
export function ReportError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const view = errorView(error);
  const reason = HAN.test(view.title) ? view.title : '服务器暂时没有返回数据';
  return (
    <Card>
      <Result
        status="warning"
        title="报表暂时无法加载"
        subTitle={reason}
        extra={
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        }
        data-testid="report-error"
      />
    </Card>
  );
}

/** An empty state in Chinese. */
export function ReportEmpty({ description, testId }: { description: string; testId?: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} data-testid={testId} />;
}

/**
 * 导出 CSV of one report table: the file when the server answers it directly, or — for a large export the
 * server runs as a job (202 { exportId }) — a message with a link to 导出记录.
 */
export function ReportCsvButton({ name, query, testId }: { name: ExportableReport; query: Query; testId?: string }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [isRunning, setIsRunning] = useState(false);
  const run = async () => {
    setIsRunning(true);
    try {
      const result = await reportsApi.csv(name, query);
      if (result.kind === 'file') {
        saveBlob(result.file);
        void message.success(`已导出 ${result.file.filename}`);
      } else {
        void message.success({
          content: (
            <span data-testid="report-export-job">
              导出任务已创建，可在
              <Typography.Link onClick={() => navigate('/exports')}>导出记录</Typography.Link>
              查看
            </span>
          ),
          duration: 8,
        });
      }
    } catch (error) {
      reportError(error);
    } finally {
      setIsRunning(false);
    }
  };
  return (
    <Button size="small" icon={<DownloadOutlined />} loading={isRunning} onClick={() => void run()} data-testid={testId ?? `csv-${name}`}>
      导出 CSV
    </Button>
  );
}
