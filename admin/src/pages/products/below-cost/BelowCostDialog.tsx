import { TIER_NAMES, type TierCode } from '@siyu/shared';
import { Alert, Button, Modal, Table, Typography } from 'antd';
import { money } from '../../../format';

/** One price under cost, as the server's below-cost guard lists it (skuId null: a SKU being added). */
export interface BelowCostItem {
  skuId: number | null;
  priceKind: string;
  priceFen: number;
  costPriceFen: number;
  marginFen: number;
}

export function priceKindLabel(kind: string): string {
  return kind === 'private' ? '私域价' : `会员价·${TIER_NAMES[kind as TierCode] ?? kind}`;
}

interface Props {
  items: BelowCostItem[];
  skuLabel: (skuId: number | null) => string;
  /** Only a role with pricing:confirm_below_cost (the owner) may sell below cost. */
  canConfirm: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** The below-cost guard: names every SKU and price under cost with its margin; only the owner can go on. */
export function BelowCostDialog({ items, skuLabel, canConfirm, onConfirm, onCancel }: Props) {
  return (
    <Modal
      open
      title="售价低于成本价"
      width={720}
      onCancel={onCancel}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {canConfirm ? '取消，去改价格' : '知道了'}
        </Button>,
        canConfirm && (
          <Button key="confirm" type="primary" danger onClick={onConfirm}>
            确认以低于成本价销售
          </Button>
        ),
      ]}
    >
      <div data-testid="below-cost-dialog">
        <Typography.Paragraph>以下规格的售价低于成本价，按此价格销售每件都会亏损：</Typography.Paragraph>
        <Table<BelowCostItem>
          size="small"
          pagination={false}
          rowKey={(item) => `${item.skuId ?? 'new'}-${item.priceKind}`}
          dataSource={items}
          columns={[
            { title: '规格', render: (_, item) => skuLabel(item.skuId) },
            { title: '价格类型', dataIndex: 'priceKind', render: priceKindLabel },
            { title: '售价', dataIndex: 'priceFen', align: 'right', render: money },
            { title: '成本价', dataIndex: 'costPriceFen', align: 'right', render: money },
            {
              title: '毛利',
              dataIndex: 'marginFen',
              align: 'right',
              render: (fen: number) => <Typography.Text type="danger">{money(fen)}</Typography.Text>,
            },
          ]}
        />
        {canConfirm ? (
          <Alert style={{ marginTop: 16 }} type="warning" showIcon title="确认后将按上述价格销售，此操作会记入审计日志。" />
        ) : (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            data-testid="below-cost-owner-only"
            title="只有店主可以确认低于成本价的售价"
            description="请调整价格使其不低于成本价，或请店主确认后再操作。"
          />
        )}
      </div>
    </Modal>
  );
}
