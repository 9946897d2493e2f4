import type { SegmentDefinitionInput } from '@siyu/shared';
import { App, Button, Drawer, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { count } from './crm-labels';
import { segmentsApi } from '../segments/segments-api';
import { MemberPagesTable } from './member-columns';

export interface MembersSelection {
  /** The drawer's title ("重要价值 (111) 的会员"). */
  title: string;
  /** The name the save form proposes. */
  suggestedName: string;
  definition: SegmentDefinitionInput;
  /** The members the grid counted, shown in the title. */
  members?: number;
}

/** The members of one selection (an RFM cell, a lifecycle stage), page by page, with 保存为分群 for segments:write. */
export function SegmentMembersDrawer({ selection, onClose }: { selection: MembersSelection | null; onClose: () => void }) {
  return (
    <Drawer
      open={selection !== null}
      onClose={onClose}
      title={selection ? `${selection.title}${selection.members === undefined ? '' : `（${count(selection.members)} 人）`}` : ''}
      size={900}
      destroyOnHidden
      data-testid="segment-members-drawer"
    >
      {selection && <MembersTable key={JSON.stringify(selection.definition)} selection={selection} />}
    </Drawer>
  );
}

function MembersTable({ selection }: { selection: MembersSelection }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const pages = useCursorPages((cursor, limit) => segmentsApi.members(selection.definition, cursor, limit), [selection.definition]);

  const save = async () => {
    const values = await form.validateFields();
    try {
      const segment = await segmentsApi.create({
        name: values.name.trim(),
        description: values.description?.trim() || undefined,
        definition: selection.definition,
      });
      message.success(`已保存分群「${segment.name}」`);
      setSaving(false);
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <>
      <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">按最近一次计算的会员数据筛选，点击会员查看详情。</Typography.Text>
        {can('segments:write') && (
          <Button
            type="primary"
            data-testid="save-as-segment"
            onClick={() => {
              form.setFieldsValue({ name: selection.suggestedName, description: '' });
              setSaving(true);
            }}
          >
            保存为分群
          </Button>
        )}
      </Space>
      <MemberPagesTable pages={pages} testId="segment-members-table" emptyText="没有符合条件的会员" />
      <Modal
        open={saving}
        title="保存为分群"
        okText="保存"
        cancelText="取消"
        onOk={save}
        onCancel={() => setSaving(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'save-segment-ok' } as Record<string, string>}
      >
        <Form form={form} layout="vertical" data-testid="save-segment-form">
          <Form.Item
            name="name"
            label="分群名称"
            rules={[
              { required: true, whitespace: true, message: '请填写分群名称' },
              { max: 40, message: '最多 40 个字' },
            ]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 个字' }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Typography.Text type="secondary">分群是动态的：会员数据更新后，成员随之变化。</Typography.Text>
        </Form>
      </Modal>
    </>
  );
}
