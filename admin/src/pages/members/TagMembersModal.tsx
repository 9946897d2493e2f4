import { Alert, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { reportError } from '../../errors/report-error';
import { tagsApi, type TagGroupView } from './member-api';

/**
 * 打标签: one manual tag (rule and channel tags are kept by the system) for one member or the selected
 * ones; POST /api/admin/tags/:id/members (members:tag, audited). `onDone` gets the sentence to show.
 */
export function TagMembersModal({
  memberIds,
  groups,
  exclude = [],
  onClose,
  onDone,
}: {
  memberIds: number[];
  groups: TagGroupView[];
  /** Tags the member already carries (one member): left out of the choice. */
  exclude?: number[];
  onClose(): void;
  onDone(text: string): void;
}) {
  const [tagId, setTagId] = useState<number>();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = groups
    .map((group) => ({
      label: group.name,
      options: group.tags
        .filter((tag) => tag.kind === 'manual' && tag.status !== 'archived' && !exclude.includes(tag.id))
        .map((tag) => ({ value: tag.id, label: tag.name })),
    }))
    .filter((group) => group.options.length > 0);
  const nameOf = (id: number) => groups.flatMap((group) => group.tags).find((tag) => tag.id === id)?.name ?? '';

  const submit = async () => {
    if (!tagId) {
      setError('请选择一个标签');
      return;
    }
    setIsBusy(true);
    try {
      const result = await tagsApi.addMembers(tagId, memberIds);
      const name = nameOf(tagId);
      onDone(
        memberIds.length === 1
          ? `已打上「${name}」`
          : `已为 ${result.added} 位会员打上「${name}」${result.already > 0 ? `，${result.already} 位原本已有` : ''}`,
      );
    } catch (caught) {
      reportError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={memberIds.length === 1 ? '打标签' : `为 ${memberIds.length} 位会员打标签`}
      onCancel={onClose}
      onOk={submit}
      okText="确定"
      cancelText="取消"
      confirmLoading={isBusy}
      destroyOnHidden
    >
      {options.length === 0 ? (
        <Alert type="info" showIcon title="还没有可手动添加的标签，请先在标签管理中新建手动标签。" />
      ) : (
        <Form layout="vertical" data-testid="tag-members-form">
          <Form.Item label="标签" validateStatus={error ? 'error' : undefined} help={error ?? undefined}>
            <Select<number>
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择手动标签"
              value={tagId}
              onChange={(value) => {
                setTagId(value);
                setError(null);
              }}
              options={options}
              aria-label="选择标签"
            />
          </Form.Item>
          <Typography.Text type="secondary">只列出手动标签；规则标签和渠道标签由系统自动维护。操作会记入审计日志。</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}
