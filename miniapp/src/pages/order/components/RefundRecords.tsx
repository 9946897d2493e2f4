import { Text, View } from '@tarojs/components';
import { formatFen, REFUND_KIND_NAMES, REFUND_STATUS_NAMES, type Fen, type Order, type Refund, type RefundStatus } from '@siyu/shared';
import { specsText } from '../../../lib/format';
import { formatDateTime } from '../../../lib/order-status';
import { ReturnShipment } from './ReturnShipment';
import './refund.css';

/** Status colours: waiting and in progress warm, done green, refused or failed grey / red. */
const STATUS_TONE: Record<RefundStatus, string> = {
  requested: 'warm',
  awaiting_return: 'warm',
  returning: 'warm',
  processing: 'warm',
  // Not final: the merchant finishes it on the WeChat Pay platform.
  abnormal: 'warm',
  succeeded: 'done',
  rejected: 'muted',
  failed: 'bad',
};

/** 退款记录: each request, newest first, with its status, amount, lines, reason and the staff note on rejection. */
export function RefundRecords({ refunds, lines, onChanged }: { refunds: readonly Refund[]; lines: Order['lines']; onChanged?: () => void }) {
  const titleOf = (lineNo: number) => {
    const line = lines.find((each) => each.lineNo === lineNo);
    if (!line) return `第${lineNo}行`;
    return Object.keys(line.specs).length > 0 ? `${line.title} ${specsText(line.specs)}` : line.title;
  };
  return (
    <View className='refund-records'>
      {refunds.map((refund) => (
        <View key={refund.id} className='refund-record'>
          <View className='refund-record__head'>
            <Text className={`refund-record__status refund-record__status--${STATUS_TONE[refund.status]}`}>
              {refund.kind === 'return_refund' ? `${REFUND_KIND_NAMES.return_refund} · ` : ''}
              {REFUND_STATUS_NAMES[refund.status]}
            </Text>
            <Text className='refund-record__amount'>{formatFen(refund.amountFen as Fen)}</Text>
          </View>
          {refund.lines.map((line) => (
            <View key={line.lineNo} className='refund-record__line'>
              <Text className='refund-record__title ellipsis-1'>
                {titleOf(line.lineNo)} ×{line.quantity}
              </Text>
              <Text className='refund-record__line-amount'>{formatFen(line.amountFen as Fen)}</Text>
            </View>
          ))}
          {refund.shippingFen > 0 ? (
            <View className='refund-record__line'>
              <Text className='refund-record__title'>运费</Text>
              <Text className='refund-record__line-amount'>{formatFen(refund.shippingFen as Fen)}</Text>
            </View>
          ) : null}
          <Text className='refund-record__meta'>原因：{refund.reason}</Text>
          {refund.status === 'rejected' && refund.reviewNote ? <Text className='refund-record__note'>商家说明：{refund.reviewNote}</Text> : null}
          <Text className='refund-record__meta'>申请时间：{formatDateTime(refund.createdAt)}</Text>
          {refund.kind === 'return_refund' && refund.returnAddress ? <ReturnShipment refund={refund} onSent={() => onChanged?.()} /> : null}
        </View>
      ))}
    </View>
  );
}
