import { Space, Tag, Tooltip, Typography } from 'antd';
import type { MemberTagChip } from './member-api';

/** A member's tags as chips: the first `max`, then "+N" with the rest in a tooltip; "—" for none. */
export function TagChips({ tags, max }: { tags: MemberTagChip[]; max: number }) {
  if (tags.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = tags.slice(0, max);
  const rest = tags.slice(max);
  return (
    <Space size={4} wrap style={{ maxWidth: 260 }}>
      {shown.map((tag) => (
        <Tag
          key={tag.id}
          color={tag.color ?? undefined}
          title={tag.name}
          style={{ marginInlineEnd: 0, maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }}
        >
          {tag.name}
        </Tag>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.map((tag) => tag.name).join('、')}>
          <Tag style={{ marginInlineEnd: 0 }} data-testid="more-tags">
            +{rest.length}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}
