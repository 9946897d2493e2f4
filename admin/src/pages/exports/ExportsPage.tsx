import { ReloadOutlined } from '@ant-design/icons';
import type { ExportStatus, ReportExportView } from '@siyu/shared';
import { Alert, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { dashboardApi } from '../../api/dashboard';
import { CsvDownloadButton } from '../../components/CsvDownloadButton';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { hasRunning, reportLabel } from '../dashboard/metric-format';

export const EXPORT_STATUS_LABELS: Readonly<Record<ExportStatus, { text: string; color: string }>> = {
  queued: { text: '排队中', color: 'default' },
  running: { text: '导出中', color: 'processing' },
  done: { text: '已完成', color: 'success' },
  failed: { text: '失败', color: 'error' },
  expired: { text: '已过期', color: 'default' },
};

/** 导出记录: the signed-in staff member's background CSV exports, their progress (polled while running) and downloads. */
export function ExportsPage() {
  const exports = useApiData((signal) => dashboardApi.exports(signal), []);
  const items = exports.data ?? [];
  const isRunning = hasRunning(items);
  const { reload } = exports;
  useEffect(() => {
    if (!isRunning) return undefined;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [isRunning, reload]);

  return (
    <Card
      title="导出记录"
      extra={
        <Button icon={<ReloadOutlined />} onClick={reload}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">超过 10 万行的报表在后台导出，完成后会在站内信通知你；文件只有发起人能下载，保留 7 天。</Typography.Paragraph>
      {exports.error && !exports.data ? (
        <Alert type="error" showIcon title={`导出记录加载失败：${exports.error instanceof ApiError ? exports.error.friendlyMessage : '请稍后重试'}`} />
      ) : (
        <Table<ReportExportView>
          rowKey="id"
          size="small"
          data-testid="exports-table"
          loading={exports.isLoading && !exports.data}
          dataSource={items}
          locale={{ emptyText: '暂无导出记录' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '报表', dataIndex: 'report', render: (report: string) => reportLabel(report) },
            { title: '发起时间', dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (status: ExportStatus) => <Tag color={EXPORT_STATUS_LABELS[status]?.color}>{EXPORT_STATUS_LABELS[status]?.text ?? status}</Tag>,
            },
            {
              title: '进度',
              key: 'progress',
              width: 220,
              render: (_, row) => (
                <div>
                  <Progress
                    percent={Math.round(row.progress * 100)}
                    size="small"
                    status={row.status === 'failed' ? 'exception' : row.status === 'done' ? 'success' : row.status === 'expired' ? 'normal' : 'active'}
                  />
                  <Typography.Text type="secondary">
                    {row.doneRows.toLocaleString('zh-CN')}
                    {row.totalRows !== null ? ` / ${row.totalRows.toLocaleString('zh-CN')}` : ''} 行
                  </Typography.Text>
                </div>
              ),
            },
            { title: '完成时间', dataIndex: 'finishedAt', render: (at: string | null) => formatTime(at) },
            {
              title: '文件',
              key: 'file',
              render: (_, row) =>
                row.status === 'done' && row.downloadUrl ? (
                  <CsvDownloadButton
                    testId={`export-download-${row.id}`}
                    download={(onProgress) => dashboardApi.downloadExport(row.downloadUrl ?? '', onProgress)}
                  />
                ) : row.status === 'failed' ? (
                  <Typography.Text type="danger">导出失败，请重新发起</Typography.Text>
                ) : row.status === 'expired' ? (
                  <Typography.Text type="secondary">文件已超过 7 天被删除</Typography.Text>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
