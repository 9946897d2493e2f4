import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { tagsApi, type MemberTag } from './member-api';
import { chinaTime, TAG_KIND_NAMES } from './member-labels';

/**
 * The member's tags. Manual tags can be removed by staff with members:tag (audited); rule and channel
 * tags are kept by the system and only shown. `onAdd` opens the 打标签 dialog of the page.
 */
export function MemberTagsCard({ memberId, tags, onAdd, onChanged }: { memberId: number; tags: MemberTag[]; onAdd(): void; onChanged(): void }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const canTag = can('members:tag');
  const [busyId, setBusyId] = useState<number | null>(null);

  const remove = async (tag: MemberTag) => {
    setBusyId(tag.id);
    try {
      await tagsApi.removeMembers(tag.id, [memberId]);
      message.success(`已移除「${tag.name}」`);
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Card
      title="标签"
      size="small"
      data-testid="member-tags"
      extra={
        canTag && (
          <Button size="small" icon={<PlusOutlined />} onClick={onAdd} data-testid="tag-add">
            打标签
          </Button>
        )
      }
    >
      {tags.length === 0 ? (
        <Typography.Text type="secondary">还没有标签</Typography.Text>
      ) : (
        <Space size={[4, 8]} wrap>
          {tags.map((tag) => {
            const chip = (
              <Tag color={tag.color ?? undefined} style={{ marginInlineEnd: 0 }}>
                {tag.name}
                <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>
                  {TAG_KIND_NAMES[tag.kind] ?? ''}
                </Typography.Text>
              </Tag>
            );
            const removable = canTag && tag.kind === 'manual';
            return (
              <Tooltip key={tag.id} title={`${TAG_KIND_NAMES[tag.kind] ?? ''}标签 · ${chinaTime(tag.createdAt)} 添加`}>
                {removable ? (
                  <Popconfirm title={`移除标签「${tag.name}」？`} okText="移除" cancelText="取消" onConfirm={() => remove(tag)} disabled={busyId !== null}>
                    <span style={{ cursor: 'pointer' }} data-testid={`member-tag-${tag.id}`}>
                      {chip}
                      <Typography.Link type="danger" style={{ fontSize: 12, marginLeft: 2 }}>
                        ×
                      </Typography.Link>
                    </span>
                  </Popconfirm>
                ) : (
                  <span data-testid={`member-tag-${tag.id}`}>{chip}</span>
                )}
              </Tooltip>
            );
          })}
        </Space>
      )}
    </Card>
  );
}
