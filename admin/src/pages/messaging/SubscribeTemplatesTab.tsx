import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { messagingApi, type SubscribeTemplateBody, type SubscribeTemplateView } from './messaging-api';

export const SUBSCRIBE_SCENE_NAMES: Readonly<Record<string, string>> = {
  payment: '支付后',
  coupon: '领券后',
  restock: '到货提醒',
  member_center: '会员中心',
};

/** 订阅消息模板: the WeChat templates the shop asks members to accept, with their fields. */
export function SubscribeTemplatesTab() {
  const { can } = useSession();
  const canWrite = can('journeys:write');
  const { data, isLoading, reload } = useApiData((signal) => messagingApi.subscribeTemplates(signal), []);
  const [editing, setEditing] = useState<SubscribeTemplateView | 'new' | null>(null);
  return (
    <>
      {canWrite && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')} data-testid="subscribe-template-create">
          添加模板
        </Button>
      )}
      <Table<SubscribeTemplateView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="subscribe-template-table"
        locale={{ emptyText: '还没有订阅消息模板' }}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { className: 'nowrap', title: '标识', dataIndex: 'key' },
          {
            className: 'nowrap',
            title: '微信模板 ID',
            dataIndex: 'templateId',
            render: (id: string) => <Typography.Text copyable={{ text: id }}>{id.length > 14 ? `${id.slice(0, 14)}…` : id}</Typography.Text>,
          },
          {
            title: '字段',
            dataIndex: 'fields',
            render: (fields: SubscribeTemplateView['fields']) => fields.map((field) => `${field.label}(${field.key})`).join('、'),
          },
          {
            title: '请求场景',
            dataIndex: 'scenes',
            render: (scenes?: string[]) => (scenes ?? []).map((scene) => <Tag key={scene}>{SUBSCRIBE_SCENE_NAMES[scene] ?? scene}</Tag>),
          },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'enabled',
            render: (enabled?: boolean) => (enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>),
          },
          ...(canWrite
            ? [
                {
                  className: 'nowrap',
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, row: SubscribeTemplateView) => <Typography.Link onClick={() => setEditing(row)}>编辑</Typography.Link>,
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <SubscribeTemplateForm
          template={editing === 'new' ? null : editing}
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

function SubscribeTemplateForm({ template, onClose, onSaved }: { template: SubscribeTemplateView | null; onClose(): void; onSaved(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SubscribeTemplateBody>();
  const [isSaving, setIsSaving] = useState(false);
  const submit = async (values: SubscribeTemplateBody) => {
    setIsSaving(true);
    const body: SubscribeTemplateBody = {
      ...values,
      fields: (values.fields ?? []).map((field) => ({ key: field.key.trim(), label: field.label.trim(), placeholder: field.placeholder?.trim() ?? '' })),
    };
    try {
      if (template) {
        const { key: _key, ...patch } = body;
        await messagingApi.updateSubscribeTemplate(template.id, patch);
      } else await messagingApi.createSubscribeTemplate(body);
      message.success('模板已保存');
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
      title={template ? `编辑「${template.title}」` : '添加订阅消息模板'}
      size={560}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={isSaving} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      <Form<SubscribeTemplateBody>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          template
            ? {
                key: template.key,
                templateId: template.templateId,
                title: template.title,
                fields: template.fields,
                page: template.page ?? '',
                scenes: template.scenes ?? [],
                enabled: template.enabled ?? true,
              }
            : { fields: [{ key: 'thing1', label: '', placeholder: '' }], page: 'pages/index/index', scenes: [], enabled: true }
        }
      >
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input placeholder="如：订单发货通知" />
        </Form.Item>
        <Form.Item name="key" label="标识（旅程引用）" rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: '小写字母开头，字母数字下划线' }]}>
          <Input placeholder="如 order_shipped" disabled={template !== null} />
        </Form.Item>
        <Form.Item name="templateId" label="微信模板 ID" rules={[{ required: true, whitespace: true, message: '请填写微信后台的模板 ID' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="page" label="点击打开的页面">
          <Input placeholder="pages/index/index" />
        </Form.Item>
        <Form.Item name="scenes" label="在哪些场景请求订阅">
          <Select mode="multiple" options={Object.entries(SUBSCRIBE_SCENE_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Text strong>字段</Typography.Text>
        <Form.List name="fields">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z_]+\d+$/, message: '如 thing1' }]}>
                    <Input placeholder="thing1" style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'label']} rules={[{ required: true, message: '名称' }]}>
                    <Input placeholder="商品名称" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'placeholder']}>
                    <Input placeholder="{{order.item}}" style={{ width: 160 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', placeholder: '' })}>
                添加字段
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
