import { REFUND_KIND_NAMES, type AdminRefund } from '@siyu/shared';
import { Descriptions, Image, Space, Tag, Typography } from 'antd';
import { formatTime } from '../../format';

/** 仅退款 / 退货退款 as a tag (退货退款 stands out: goods come back before the money goes). */
export function RefundKindTag({ refund }: { refund: AdminRefund }) {
  return <Tag color={refund.kind === 'return_refund' ? 'purple' : 'default'}>{REFUND_KIND_NAMES[refund.kind]}</Tag>;
}

/** The member's photos, and for 退货退款 the return address sent to them and their return shipment. */
export function RefundReturnInfo({ refund }: { refund: AdminRefund }) {
  const address = refund.returnAddress;
  const items = [
    ...(refund.photos.length > 0
      ? [
          {
            label: '凭证图片',
            children: (
              <Image.PreviewGroup>
                <Space>
                  {refund.photos.map((photo, index) => (
                    <Image key={photo} src={photo} width={64} height={64} style={{ objectFit: 'cover' }} alt={`退款凭证 ${index + 1}`} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ),
          },
        ]
      : []),
    ...(refund.kind === 'return_refund'
      ? [
          {
            label: '退货地址',
            children: address ? `${address.recipientName} ${address.phone} ${address.regionText} ${address.detail}` : '同意后发送给会员',
          },
          {
            label: '买家寄回',
            children: refund.returnTrackingNo ? (
              <Typography.Text copyable={{ text: refund.returnTrackingNo }} data-testid="return-tracking">
                {`${refund.returnCarrier ?? ''} ${refund.returnTrackingNo} · ${formatTime(refund.returnShippedAt)}`}
              </Typography.Text>
            ) : (
              '尚未寄回'
            ),
          },
          ...(refund.returnReceivedAt ? [{ label: '确认收货', children: formatTime(refund.returnReceivedAt) }] : []),
        ]
      : []),
  ];
  if (items.length === 0) return null;
  return <Descriptions size="small" column={1} bordered items={items} data-testid="refund-return-info" />;
}
