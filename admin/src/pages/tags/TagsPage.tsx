import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { count } from '../crm/crm-labels';
import { TAG_KIND_COLORS, TAG_KIND_NAMES } from './tag-labels';
import { TagFormDrawer } from './TagFormDrawer';
import { TagMembersDrawer } from './TagMembersDrawer';
import { tagsApi, type TagGroupView, type TagView } from './tags-api';

/** A tag's name with its color chip. */
export function TagName({ tag }: { tag: Pick<TagView, 'name' | 'color'> }) {
  return (
    <Space size={6}>
      <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: tag.color ?? '#d9d9d9' }} aria-hidden />
      <span>{tag.name}</span>
    </Space>
  );
}

/** 标签: the tag groups with their tags (kind, members, color); create and edit groups and tags, archive, and each tag's members. */
export function TagsPage() {
  const { can } = useSession();
  const canWrite = can('segments:write');
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => tagsApi.groups(signal), []);
  const groups = data ?? [];
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ tag: TagView | null; groupId?: number } | null>(null);
  const [viewing, setViewing] = useState<TagView | null>(null);
  const [groupEditing, setGroupEditing] = useState<TagGroupView | 'new' | null>(null);
  const [groupForm] = Form.useForm<{ name: string }>();

  const archive = async (tag: TagView) => {
    try {
      await tagsApi.archive(tag.id);
      message.success(`已归档标签「${tag.name}」`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  const deleteGroup = async (group: TagGroupView) => {
    try {
      await tagsApi.deleteGroup(group.id);
      message.success(`已删除分组「${group.name}」`);
      reload();
    } catch (error) {
      if (isApiError(error, 'TAG_GROUP_NOT_EMPTY')) message.error('分组下还有标签，不能删除');
      else reportError(error);
    }
  };

  const saveGroup = async () => {
    const { name } = await groupForm.validateFields();
    try {
      if (groupEditing === 'new') await tagsApi.createGroup({ name: name.trim() });
      else if (groupEditing) await tagsApi.updateGroup(groupEditing.id, { name: name.trim() });
      message.success('分组已保存');
      setGroupEditing(null);
      reload();
    } catch (error) {
      if (isApiError(error, 'TAG_GROUP_NAME_TAKEN')) groupForm.setFields([{ name: 'name', errors: ['已有同名分组'] }]);
      else reportError(error);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="标签"
        loading={isLoading && !data}
        extra={
          <Space>
            <Space size={4}>
              <Switch size="small" checked={showArchived} onChange={setShowArchived} aria-label="显示已归档" />
              <Typography.Text type="secondary">显示已归档</Typography.Text>
            </Space>
            {canWrite ? (
              <>
                <Button
                  onClick={() => {
                    groupForm.setFieldsValue({ name: '' });
                    setGroupEditing('new');
                  }}
                  data-testid="tag-group-create"
                >
                  新建分组
                </Button>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setEditing({ tag: null })}
                  disabled={groups.length === 0}
                  data-testid="tag-create"
                >
                  新建标签
                </Button>
              </>
            ) : (
              <Tag>只读</Tag>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          手动标签由员工添加、移除或按 CSV 导入；规则标签按条件自动计算（与分群同一套条件）；渠道标签按会员的来源渠道自动添加。
        </Typography.Paragraph>
      </Card>
      {!isLoading && groups.length === 0 && (
        <Card>
          <Empty description="还没有标签分组" />
        </Card>
      )}
      {groups.map((group) => {
        const tags = group.tags.filter((tag) => showArchived || tag.status === 'active');
        return (
          <Card
            key={group.id}
            size="small"
            title={`${group.name}（${tags.length}）`}
            data-testid={`tag-group-${group.id}`}
            extra={
              canWrite && (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setEditing({ tag: null, groupId: group.id })}>
                    新建标签
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    onClick={() => {
                      groupForm.setFieldsValue({ name: group.name });
                      setGroupEditing(group);
                    }}
                  >
                    重命名
                  </Button>
                  <Popconfirm title={`删除分组「${group.name}」？`} okText="确定" cancelText="取消" onConfirm={() => deleteGroup(group)}>
                    <Button size="small" type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              )
            }
          >
            <Table<TagView>
              rowKey="id"
              size="small"
              dataSource={tags}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: '分组下还没有标签' }}
              data-testid="tag-table"
              columns={[
                { title: '标签', dataIndex: 'name', width: 200, render: (_, tag) => <TagName tag={tag} /> },
                {
                  className: 'nowrap',
                  title: '类型',
                  dataIndex: 'kind',
                  width: 80,
                  render: (kind: TagView['kind']) => <Tag color={TAG_KIND_COLORS[kind]}>{TAG_KIND_NAMES[kind]}</Tag>,
                },
                { className: 'nowrap', title: '会员数', dataIndex: 'members', width: 100, align: 'right', render: count },
                { title: '说明', dataIndex: 'description', render: (text: string) => text || '—' },
                {
                  className: 'nowrap',
                  title: '状态',
                  dataIndex: 'status',
                  width: 80,
                  render: (status: TagView['status']) => (status === 'active' ? <Tag color="green">启用</Tag> : <Tag>已归档</Tag>),
                },
                {
                  className: 'nowrap',
                  title: '操作',
                  key: 'actions',
                  width: 180,
                  render: (_, tag) => (
                    <Space size={0}>
                      <Button size="small" type="link" onClick={() => setViewing(tag)} data-testid={`tag-members-${tag.id}`}>
                        会员
                      </Button>
                      {canWrite && tag.status === 'active' && (
                        <>
                          <Button size="small" type="link" onClick={() => setEditing({ tag })}>
                            编辑
                          </Button>
                          {tag.kind !== 'channel' && (
                            <Popconfirm
                              title={`归档标签「${tag.name}」？归档后不再计算，也不能再添加会员。`}
                              okText="确定"
                              cancelText="取消"
                              onConfirm={() => archive(tag)}
                            >
                              <Button size="small" type="link" danger>
                                归档
                              </Button>
                            </Popconfirm>
                          )}
                        </>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        );
      })}
      {editing && (
        <TagFormDrawer
          tag={editing.tag}
          groups={groups}
          defaultGroupId={editing.groupId}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {viewing && <TagMembersDrawer tag={viewing} onClose={() => setViewing(null)} onChanged={reload} />}
      <Modal
        open={groupEditing !== null}
        title={groupEditing === 'new' ? '新建分组' : '重命名分组'}
        okText="保存"
        cancelText="取消"
        onOk={saveGroup}
        onCancel={() => setGroupEditing(null)}
        destroyOnHidden
      >
        <Form form={groupForm} layout="vertical" data-testid="tag-group-form">
          <Form.Item
            name="name"
            label="分组名称"
            rules={[
              { required: true, whitespace: true, message: '请填写分组名称' },
              { max: 20, message: '最多 20 个字' },
            ]}
          >
            <Input maxLength={20} aria-label="分组名称" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
