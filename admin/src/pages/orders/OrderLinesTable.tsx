import type { AdminOrder } from '@siyu/shared';
import { Descriptions, Table, Typography } from 'antd';
import { money } from '../../format';
import { specsLabel } from '../../labels';

type OrderLine = AdminOrder['lines'][number];

/** "-¥3.00" for a discount, "—" for none. */
const minus = (fen: number) => (fen > 0 ? `-${money(fen)}` : '—');

/** The order's lines as priced at checkout (snapshots), what each has returned, and the totals. */
export function OrderLinesTable({ order }: { order: AdminOrder }) {
  return (
    <>
      <Table<OrderLine>
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={order.lines}
        data-testid="order-lines"
        columns={[
          { className: 'nowrap', title: '行', dataIndex: 'lineNo', width: 48 },
          {
            title: '商品',
            key: 'title',
            render: (_, line) => (
              <div>
                <div>{line.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {specsLabel(line.specs)} · SKU #{line.skuId}
                </Typography.Text>
              </div>
            ),
          },
          {
            className: 'nowrap',
            title: '单价',
            key: 'unit',
            align: 'right',
            render: (_, line) => (
              <div>
                <div>{money(line.unitPriceFen)}</div>
                {line.publicPriceFen > line.unitPriceFen && (
                  <Typography.Text type="secondary" delete style={{ fontSize: 12 }}>
                    {money(line.publicPriceFen)}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { className: 'nowrap', title: '数量', dataIndex: 'quantity', align: 'right' },
          { className: 'nowrap', title: '小计', dataIndex: 'subtotalFen', align: 'right', render: money },
          { className: 'nowrap', title: '优惠', dataIndex: 'discountFen', align: 'right', render: minus },
          { className: 'nowrap', title: '实付', dataIndex: 'payableFen', align: 'right', render: money },
          {
            className: 'nowrap',
            title: '已退',
            key: 'refunded',
            align: 'right',
            render: (_, line) =>
              line.refundedQuantity > 0 ? <Typography.Text type="danger">{`${line.refundedQuantity} 件 · ${money(line.refundedFen)}`}</Typography.Text> : '—',
          },
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 16, maxWidth: 360, marginLeft: 'auto' }}
        data-testid="order-amounts"
        items={[
          { label: '商品小计', children: money(order.goodsSubtotalFen) },
          { label: '优惠', children: minus(order.discountFen) },
          { label: '运费', children: order.shippingFen > 0 ? money(order.shippingFen) : '包邮' },
          { label: '实付', children: <Typography.Text strong>{money(order.payableFen)}</Typography.Text> },
          ...(order.refundedFen > 0 ? [{ label: '已退款', children: <Typography.Text type="danger">{money(order.refundedFen)}</Typography.Text> }] : []),
        ]}
      />
      {order.explanation.length > 0 && (
        <details style={{ marginTop: 8 }}>
          <summary>
            <Typography.Text type="secondary">计价说明</Typography.Text>
          </summary>
          <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
            {order.explanation.map((line, index) => (
              <li key={index}>
                <Typography.Text type="secondary">{line}</Typography.Text>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
