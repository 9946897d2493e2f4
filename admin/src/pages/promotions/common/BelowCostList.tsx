import type { ApprovalView } from '@siyu/shared';
import { Button, Popover, Space, Typography } from 'antd';
import { belowCostLines } from './promotion-labels';

const SHOWN = 3;

/** The SKUs a promotion would sell below cost: the first three, the rest behind "查看全部". */
export function BelowCostList({ reason, skuName }: { reason: Pick<NonNullable<ApprovalView['reason']>, 'belowCost'>; skuName(skuId: number): string }) {
  const lines = belowCostLines(reason, skuName);
  if (lines.length === 0) return null;
  const line = (text: string) => (
    <Typography.Text key={text} type="secondary" style={{ fontSize: 12, display: 'block' }}>
      {text}
    </Typography.Text>
  );
  return (
    <Space orientation="vertical" size={0} data-testid="below-cost-list">
      {lines.slice(0, SHOWN).map(line)}
      {lines.length > SHOWN && (
        <Popover title={`低于成本的规格（${lines.length}）`} content={<div style={{ maxHeight: 320, overflow: 'auto', minWidth: 280 }}>{lines.map(line)}</div>}>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }}>
            …等 {lines.length} 个规格，查看全部
          </Button>
        </Popover>
      )}
    </Space>
  );
}
