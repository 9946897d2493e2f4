import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { dueLabel, TASK_KIND_NAMES, tasksApi, type StaffTaskView } from './tasks-api';

/**
 * 任务: my open tasks and the shared queue (unassigned), due time, the script with a copy button, close with
 * an outcome; done tasks; the AI outbound call list (members:phone). The call results come back through the
 * channel's 导入外呼结果 (渠道 → 触达导入).
 */
export function TasksPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [scope, setScope] = useState<'all' | 'mine'>('all');
  const [cursor, setCursor] = useState<string | undefined>();
  const [closing, setClosing] = useState<StaffTaskView | null>(null);
  const [form] = Form.useForm<{ outcome: string }>();
  const { data, isLoading, reload } = useApiData(
    (signal) => tasksApi.list({ status, ...(scope === 'mine' ? { mine: '1' as const } : {}), ...(cursor ? { cursor } : {}) }, signal),
    [status, scope, cursor],
  );

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success('话术已复制');
    } catch {
      message.error('复制失败，请手动选择文字复制');
    }
  };

  const downloadCallList = async () => {
    try {
      const blob = await tasksApi.callListCsv();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'call-list.csv';
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      reportError(error);
    }
  };

  const close = async () => {
    if (!closing) return;
    const { outcome } = await form.validateFields();
    try {
      await tasksApi.close(closing.id, outcome);
      message.success('任务已关闭');
      setClosing(null);
      form.resetFields();
      reload();
    } catch (error) {
      if (isApiError(error, 'STAFF_TASK_NOT_YOURS', 'STAFF_TASK_CLOSED')) message.error(error.message);
      else reportError(error);
      reload();
    }
  };

  return (
    <Card
      title="任务"
      extra={
        can('members:phone') ? (
          <Button icon={<DownloadOutlined />} onClick={() => void downloadCallList()}>
            导出外呼名单
          </Button>
        ) : null
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented
          aria-label="状态"
          value={status}
          options={[
            { label: '待处理', value: 'open' },
            { label: '已完成', value: 'done' },
          ]}
          onChange={(value) => {
            setStatus(value as 'open' | 'done');
            setCursor(undefined);
          }}
        />
        <Segmented
          aria-label="范围"
          value={scope}
          options={[
            { label: '我的 + 公共队列', value: 'all' },
            { label: '只看我的', value: 'mine' },
          ]}
          onChange={(value) => {
            setScope(value as 'all' | 'mine');
            setCursor(undefined);
          }}
        />
      </Space>
      <Table<StaffTaskView>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: '到期',
            dataIndex: 'dueAt',
            width: 120,
            render: (value: string, task) => {
              const due = dueLabel(value);
              return <Typography.Text type={task.status === 'open' && due.isOverdue ? 'danger' : undefined}>{due.text}</Typography.Text>;
            },
          },
          { title: '类型', dataIndex: 'kind', width: 100, render: (kind: StaffTaskView['kind']) => <Tag>{TASK_KIND_NAMES[kind] ?? kind}</Tag> },
          {
            title: '会员',
            key: 'member',
            render: (_, task) => (
              <Space direction="vertical" size={0}>
                <span>{task.member.nickname || `会员 ${task.member.id}`}</span>
                <Typography.Text type="secondary">{task.member.phoneMasked ?? '无手机号'}</Typography.Text>
              </Space>
            ),
          },
          { title: '任务', dataIndex: 'title' },
          {
            title: '话术',
            dataIndex: 'script',
            render: (script: string) =>
              script ? (
                <Space align="start">
                  <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 320 }} ellipsis={{ rows: 2, expandable: true }}>
                    {script}
                  </Typography.Paragraph>
                  <Button size="small" icon={<CopyOutlined />} aria-label="复制话术" onClick={() => void copy(script)} />
                </Space>
              ) : (
                '—'
              ),
          },
          { title: '负责人', key: 'assignee', width: 120, render: (_, task) => task.assignee?.displayName ?? <Tag color="blue">公共队列</Tag> },
          status === 'open'
            ? {
                title: '操作',
                key: 'actions',
                width: 90,
                render: (_, task) => (
                  <Button type="link" onClick={() => setClosing(task)}>
                    完成
                  </Button>
                ),
              }
            : { title: '结果', dataIndex: 'outcome', render: (outcome: string | null) => outcome ?? '—' },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        {cursor ? <Button onClick={() => setCursor(undefined)}>回到第一页</Button> : null}
        {data?.nextCursor ? <Button onClick={() => setCursor(data.nextCursor ?? undefined)}>下一页</Button> : null}
      </Space>
      <Modal
        title={closing ? `完成任务：${closing.title}` : ''}
        open={closing !== null}
        okText="完成"
        cancelText="取消"
        onOk={() => void close()}
        onCancel={() => setClosing(null)}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="outcome" label="结果" rules={[{ required: true, whitespace: true, message: '请填写结果' }, { max: 200 }]}>
            <Input.TextArea rows={3} placeholder="例如：已接通，预约周六到店" maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
