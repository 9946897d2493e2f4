import { UserOutlined } from '@ant-design/icons';
import { adminMemberListQuerySchema, TIER_NAMES, type AdminMember, type TierCode } from '@siyu/shared';
import { Avatar, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { membersApi, type MemberFilter } from '../../api/staff';
import { CursorPager } from '../../components/CursorPager';
import { emptyToUndefined, schemaRule } from '../../forms/schema-rule';
import { formatTime } from '../../format';
import { useCursorPages } from '../../hooks/use-cursor-pages';

/** 会员 (read-only): search by nickname or by exact phone number; phones are only ever shown masked. */
export function MembersPage() {
  const [form] = Form.useForm<MemberFilter>();
  const [filter, setFilter] = useState<MemberFilter>({});
  const pages = useCursorPages((cursor, limit, signal) => membersApi.list(filter, cursor, limit, signal), [filter]);
  const search = (values: MemberFilter) => setFilter({ q: values.q?.trim() || undefined, phone: values.phone?.trim() || undefined });

  return (
    <Card title="会员" extra={<Tag>只读</Tag>}>
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16 }}>
        <Form.Item name="q" label="昵称">
          <Input placeholder="包含的文字" allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="phone" label="手机号" rules={[schemaRule(adminMemberListQuerySchema.shape.phone, emptyToUndefined)]}>
          <Input placeholder="完整 11 位，精确匹配" allowClear style={{ width: 220 }} inputMode="numeric" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            搜索
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary">手机号以加密方式保存，只能按完整号码精确查找，列表中显示为 138****5678。</Typography.Paragraph>
      <Table<AdminMember>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        data-testid="member-table"
        locale={{ emptyText: '没有符合条件的会员' }}
        columns={[
          {
            title: '会员',
            key: 'member',
            render: (_, member) => (
              <Space>
                <Avatar src={member.avatarUrl ?? undefined} icon={<UserOutlined />} />
                <Link to={`/members/${member.id}`}>{member.nickname || '（未设置昵称）'}</Link>
              </Space>
            ),
          },
          { title: '等级', dataIndex: 'tierCode', render: (tier: TierCode) => <Tag color="gold">{TIER_NAMES[tier]}</Tag> },
          { title: '手机号', dataIndex: 'phoneMasked', render: (phone: string | null) => phone ?? <Typography.Text type="secondary">未绑定</Typography.Text> },
          { title: '注册时间', dataIndex: 'createdAt', render: formatTime },
          { title: '最近登录', dataIndex: 'lastLoginAt', render: formatTime },
          { title: '操作', key: 'actions', render: (_, member) => <Link to={`/members/${member.id}`}>详情</Link> },
        ]}
      />
      <CursorPager pages={pages} />
    </Card>
  );
}
