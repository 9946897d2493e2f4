import type { ApprovalView } from '@siyu/shared';
import { Tag, Tooltip } from 'antd';
import { APPROVAL_STATUS_COLORS, APPROVAL_STATUS_NAMES, approvalReasonText } from './promotion-labels';

/** The approval status of a promotion, with the reason on hover; nothing when no approval was needed. */
export function ApprovalTag({ approval }: { approval: ApprovalView | undefined }) {
  if (!approval || approval.status === 'not_required') return null;
  const tag = (
    <Tag color={APPROVAL_STATUS_COLORS[approval.status]} data-testid="approval-tag">
      {APPROVAL_STATUS_NAMES[approval.status]}
    </Tag>
  );
  return approval.reason ? <Tooltip title={approvalReasonText(approval.reason)}>{tag}</Tooltip> : tag;
}
