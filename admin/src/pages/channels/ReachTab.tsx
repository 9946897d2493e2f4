import { UploadOutlined } from '@ant-design/icons';
import { CHANNEL_REACH_UNITS } from '@siyu/shared';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Space, Table, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { channelsApi, newIdempotencyKey, type ChannelView, type ReachImportView } from '../../api/channels';
import { isApiError } from '../../api/client';
import { reportError } from '../../errors/report-error';
import { count } from './channel-labels';
import { rowProblemsOf, type RowProblem } from './channel-helpers';

/** The numbers of a successful import, in words. */
export function importSummary(result: ReachImportView & { isReplay?: boolean }): string {
  if (result.isReplay) return `这个文件已经导入过（${count(result.rowsTotal)} 行），没有重复计入`;
  const skipped = result.rowsTotal - result.rowsImported;
  return `导入完成：共 ${count(result.rowsTotal)} 行，计入触达 ${count(result.rowsImported)} 行${skipped > 0 ? `，${count(skipped)} 行此前已导入` : ''}`;
}

type ImportKind = 'ai-calls' | 'sms-logs';
const IMPORT_TITLES: Record<ImportKind, string> = { 'ai-calls': '导入 AI外呼结果', 'sms-logs': '导入短信发送记录' };
const IMPORT_HINTS: Record<ImportKind, string> = {
  'ai-calls': '外呼服务商导出的 CSV：手机号、呼叫时间、是否接通、意向、是否加企微',
  'sms-logs': '短信服务商的发送记录 CSV：手机号、发送时间、发送状态',
};

function ImportCard({ channel, kind, canWrite }: { channel: ChannelView; kind: ImportKind; canWrite: boolean }) {
  const [isBusy, setIsBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ fileName: string; summary?: string; problems?: { invalidRows: number; rows: RowProblem[] } } | null>(null);
  const run = async (file: File) => {
    setIsBusy(true);
    setOutcome(null);
    try {
      const csv = await file.text();
      const body = { fileName: file.name, csv };
      const result = kind === 'ai-calls' ? await channelsApi.importAiCalls(channel.id, body) : await channelsApi.importSmsLogs(channel.id, body);
      setOutcome({ fileName: file.name, summary: importSummary(result) });
    } catch (error) {
      const problems = isApiError(error, 'REACH_IMPORT_ROWS_INVALID') ? rowProblemsOf(error.details) : null;
      if (problems && problems.rows.length > 0) setOutcome({ fileName: file.name, problems });
      else reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Card size="small" title={IMPORT_TITLES[kind]} style={{ height: '100%' }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{IMPORT_HINTS[kind]}</Typography.Text>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          disabled={!canWrite || isBusy}
          beforeUpload={(file) => {
            void run(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={isBusy} disabled={!canWrite} data-testid={`import-${kind}`}>
            选择 CSV 文件
          </Button>
        </Upload>
        {outcome?.summary && <Alert type="success" showIcon title={`${outcome.fileName}：${outcome.summary}`} data-testid={`import-${kind}-ok`} />}
        {outcome?.problems && (
          <>
            <Alert
              type="error"
              showIcon
              title={`${outcome.fileName} 有 ${count(outcome.problems.invalidRows)} 行错误，本次没有导入任何数据，请修改后重新上传。`}
            />
            <Table<RowProblem>
              rowKey="line"
              size="small"
              dataSource={outcome.problems.rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid={`import-${kind}-errors`}
              columns={[
                { className: 'nowrap', title: '行号', dataIndex: 'line', render: (line: number) => `第 ${line} 行` },
                { title: '原因', dataIndex: 'reasons', render: (reasons: string[]) => reasons.join('；') },
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}

/** 触达: manual reach entries (cards printed, posters shown…) and the AI-call / SMS vendor imports. */
export function ReachTab({ channel, canWrite, onChanged }: { channel: ChannelView; canWrite: boolean; onChanged(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ quantity?: number; date?: Dayjs; note?: string }>();
  const [isBusy, setIsBusy] = useState(false);
  // One key per entry: a retry after a lost answer records the reach once; a new entry gets a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const unit = CHANNEL_REACH_UNITS[channel.kind];
  const submit = async (values: { quantity?: number; date?: Dayjs; note?: string }) => {
    setIsBusy(true);
    try {
      await channelsApi.addReach(
        channel.id,
        { quantity: values.quantity ?? 0, date: (values.date ?? dayjs()).format('YYYY-MM-DD'), note: (values.note ?? '').trim() },
        idempotencyKey,
      );
      setIdempotencyKey(newIdempotencyKey());
      message.success(`已登记触达 ${count(values.quantity ?? 0)} ${unit}`);
      form.resetFields();
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="登记触达">
        <Form form={form} layout="inline" onFinish={submit} initialValues={{ date: dayjs() }} disabled={!canWrite} data-testid="reach-form">
          <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请输入数量' }]}>
            <InputNumber min={1} max={100_000_000} precision={0} suffix={unit} style={{ width: 180 }} aria-label="触达数量" />
          </Form.Item>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker allowClear={false} aria-label="触达日期" />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} placeholder="如 12月第1批包裹卡已发出" style={{ width: 260 }} aria-label="说明" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={isBusy}>
              登记
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <ImportCard channel={channel} kind="ai-calls" canWrite={canWrite} />
        </Col>
        <Col span={12}>
          <ImportCard channel={channel} kind="sms-logs" canWrite={canWrite} />
        </Col>
      </Row>
    </Space>
  );
}
