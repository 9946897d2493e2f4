import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { messagingApi, smsVariables, type SmsTemplateBody, type SmsTemplateView } from './messaging-api';

export const SMS_KIND_NAMES: Readonly<Record<string, string>> = { verification: '验证码', notice: '通知', marketing: '推广' };
const SMS_STATUS_NAMES: Readonly<Record<string, string>> = { approved: '已审核', pending: '审核中' };

/** 短信模板: the Aliyun templates (code, kind, content with ${var}). */
export function SmsTemplatesTab() {
  const { can } = useSession();
  const canWrite = can('journeys:write');
  const { data, isLoading, reload } = useApiData((signal) => messagingApi.smsTemplates(signal), []);
  const [editing, setEditing] = useState<SmsTemplateView | 'new' | null>(null);
  return (
    <>
      {canWrite && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="sms-template-create">
          添加模板
        </Button>
      )}
      <Table<SmsTemplateView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="sms-template-table"
        locale={{ emptyText: '还没有短信模板' }}
        columns={[
          { className: 'nowrap', title: '名称', dataIndex: 'name', render: (name: string | null, row) => name ?? row.code },
          { className: 'nowrap', title: '模板 CODE', dataIndex: 'code' },
          { className: 'nowrap', title: '类型', dataIndex: 'kind', render: (kind: string) => SMS_KIND_NAMES[kind] ?? kind },
          {
            title: '内容',
            dataIndex: 'content',
            render: (content: string) => (
              <Typography.Text style={{ maxWidth: 360 }} ellipsis={{ tooltip: content }}>
                {content}
              </Typography.Text>
            ),
          },
          { className: 'nowrap', title: '变量', key: 'vars', render: (_, row) => smsVariables(row.content).join('、') || '—' },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: string) => <Tag color={status === 'approved' ? 'green' : 'default'}>{SMS_STATUS_NAMES[status] ?? status}</Tag>,
          },
          ...(canWrite
            ? [
                {
                  className: 'nowrap',
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, row: SmsTemplateView) => <Typography.Link onClick={() => setEditing(row)}>编辑</Typography.Link>,
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <SmsTemplateForm
          template={editing === 'new' ? null : editing}
          defaultSign={data?.find((row) => row.signName)?.signName ?? ''}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </>
  );
}

function SmsTemplateForm({
  template,
  defaultSign,
  onClose,
  onSaved,
}: {
  template: SmsTemplateView | null;
  defaultSign: string;
  onClose(): void;
  onSaved(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SmsTemplateBody>();
  const [isSaving, setIsSaving] = useState(false);
  const submit = async (values: SmsTemplateBody) => {
    setIsSaving(true);
    try {
      if (template) {
        const { code: _code, ...patch } = values;
        await messagingApi.updateSmsTemplate(template.id, patch);
      } else await messagingApi.createSmsTemplate(values);
      message.success('短信模板已保存');
      onSaved();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Drawer
      open
      title={template ? `编辑「${template.name ?? template.code}」` : '添加短信模板'}
      size={520}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={isSaving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<SmsTemplateBody>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          template
            ? {
                code: template.code,
                name: template.name ?? '',
                kind: template.kind,
                content: template.content,
                signName: template.signName,
                status: template.status,
              }
            : { kind: 'marketing', status: 'approved', signName: defaultSign }
        }
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input placeholder="如：会员召回" />
        </Form.Item>
        <Form.Item name="code" label="模板 CODE（阿里云）" rules={[{ required: true, whitespace: true, message: '请填写模板 CODE' }]}>
          <Input placeholder="SMS_123456789" disabled={template !== null} />
        </Form.Item>
        <Form.Item name="signName" label="签名" rules={[{ required: true, min: 2, max: 12, message: '签名 2–12 个字' }]}>
          <Input placeholder="如：思域商城" />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select options={Object.entries(SMS_KIND_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="content"
          label="内容"
          extra="变量写作 ${name}；推广短信会自动附加「拒收请回复R」"
          rules={[{ required: true, whitespace: true, message: '请填写内容' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="status" label="审核状态">
          <Select options={Object.entries(SMS_STATUS_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
