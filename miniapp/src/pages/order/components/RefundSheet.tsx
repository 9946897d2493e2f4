import { Button, Input, Text, View } from '@tarojs/components';
import { formatFen, REFUND_KIND_NAMES, REFUND_KINDS, type Order, type Refund, type RefundKind } from '@siyu/shared';
import { useState } from 'react';
import { requestRefund } from '../../../api/refunds';
import { Checkbox } from '../../../components/Checkbox';
import { ProductImage } from '../../../components/ProductImage';
import { QuantityStepper } from '../../../components/QuantityStepper';
import { Sheet } from '../../../components/Sheet';
import { specsText } from '../../../lib/format';
import {
  previewRefund,
  REFUND_REASON_MAX,
  REFUND_REASONS,
  refundableQuantity,
  refundPreviewProblem,
  refundPreviewText,
  refundReasonText,
} from '../../../lib/refund';
import { RefundPhotos } from './RefundPhotos';
import './refund.css';

export interface RefundSheetProps {
  order: Order;
  onClose: () => void;
  /** The request was taken (the order is now `refunding`). */
  onSubmitted: (refund: Refund) => void;
}

/** The lines still refundable; with a single one it starts chosen, with all its units. */
function initialSelection(order: Order): Map<number, number> {
  const open = order.lines.filter((line) => refundableQuantity(line) > 0);
  const only = open.length === 1 ? open[0] : undefined;
  return new Map(only ? [[only.lineNo, refundableQuantity(only)]] : []);
}

/**
 * 申请退款: choose lines and units (never more than a line still has), a reason, see what comes back
 * (the shared planRefund, the server's own rule) and submit. Rendered only while open.
 */
export function RefundSheet({ order, onClose, onSubmitted }: RefundSheetProps) {
  const [selection, setSelection] = useState(() => initialSelection(order));
  const [limits, setLimits] = useState<Map<number, string>>(new Map());
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [kind, setKind] = useState<RefundKind>('refund_only');
  const [photos, setPhotos] = useState<string[]>([]);
  // Goods still in the warehouse come back without a return: 退货退款 only once shipped.
  const canReturn = order.shippedAt !== null;

  const preview = previewRefund(order, selection);
  const problem = refundPreviewProblem(preview) ?? (refundReasonText(reason, note) ? null : '请选择退款原因');
  const plan = preview?.ok ? preview.plan : null;
  const amountOf = (lineNo: number) => plan?.lines.find((line) => line.lineNo === lineNo)?.amountFen;

  const choose = (lineNo: number, quantity: number | null) => {
    const next = new Map(selection);
    if (quantity === null) next.delete(lineNo);
    else next.set(lineNo, quantity);
    setSelection(next);
    setLimits(new Map());
  };
  const submit = async () => {
    if (problem || !plan || isSubmitting) return;
    setIsSubmitting(true);
    try {
      const refund = await requestRefund(order.id, {
        lines: plan.lines.map(({ lineNo, quantity }) => ({ lineNo, quantity })),
        reason: refundReasonText(reason, note),
        kind: canReturn ? kind : 'refund_only',
        photos,
      });
      onSubmitted(refund);
    } catch {
      // The API client has shown why; the member may change the request and try again.
      setIsSubmitting(false);
    }
  };

  const footer = (
    <View className='refund-sheet__footer'>
      <View className='refund-sheet__preview'>
        {plan ? <Text className='refund-sheet__amount'>{refundPreviewText(plan)}</Text> : null}
        {problem ? <Text className='refund-sheet__problem'>{problem}</Text> : null}
      </View>
      <Button className={`btn btn--small ${problem || isSubmitting ? 'btn--disabled' : 'btn--primary'} refund-sheet__submit`} onClick={() => void submit()}>
        {isSubmitting ? '提交中…' : '提交申请'}
      </Button>
    </View>
  );

  return (
    <Sheet isOpen onClose={onClose} title='申请退款' footer={footer}>
      <View className='refund-sheet'>
        {canReturn ? (
          <>
            <Text className='refund-sheet__label'>退款方式</Text>
            <View className='refund-kinds'>
              {REFUND_KINDS.map((each) => (
                <Text key={each} className={`refund-reason ${kind === each ? 'refund-reason--chosen' : ''}`} onClick={() => setKind(each)}>
                  {REFUND_KIND_NAMES[each]}
                </Text>
              ))}
            </View>
            {kind === 'return_refund' ? <Text className='refund-line__meta'>商家同意后会告知退货地址，寄回并填写快递单号，商家收货后退款</Text> : null}
          </>
        ) : null}
        <Text className='refund-sheet__label'>选择退款商品</Text>
        {order.lines.map((line) => {
          const refundable = refundableQuantity(line);
          const chosen = selection.get(line.lineNo);
          const amountFen = amountOf(line.lineNo);
          return (
            <View key={line.lineNo} className={`refund-line ${refundable === 0 ? 'refund-line--done' : ''}`}>
              <Checkbox isChecked={chosen !== undefined} isDisabled={refundable === 0} onChange={(isOn) => choose(line.lineNo, isOn ? refundable : null)} />
              <ProductImage className='refund-line__image' src={line.image} title={line.title} />
              <View className='refund-line__body'>
                <Text className='refund-line__title ellipsis-1'>{line.title}</Text>
                {Object.keys(line.specs).length > 0 ? <Text className='refund-line__specs ellipsis-1'>{specsText(line.specs)}</Text> : null}
                <Text className='refund-line__meta'>
                  {refundable === 0 ? '已全部退款' : `可退 ${refundable} 件${amountFen !== undefined ? ` · 退 ${formatFen(amountFen)}` : ''}`}
                </Text>
                {limits.get(line.lineNo) ? <Text className='refund-line__limit'>{limits.get(line.lineNo)}</Text> : null}
              </View>
              {chosen !== undefined ? (
                <QuantityStepper
                  value={chosen}
                  stock={refundable}
                  purchaseLimit={null}
                  onChange={(quantity) => choose(line.lineNo, quantity)}
                  onLimit={(message) => setLimits(new Map([[line.lineNo, message]]))}
                  describeLimit={(why) => (why === 'min' ? '至少退 1 件，不退请取消勾选' : `最多可退 ${refundable} 件`)}
                />
              ) : null}
            </View>
          );
        })}
        <Text className='refund-sheet__label'>退款原因</Text>
        <View className='refund-sheet__reasons'>
          {REFUND_REASONS.map((item) => (
            <Text
              key={item}
              className={`refund-reason ${reason === item ? 'refund-reason--chosen' : ''}`}
              onClick={() => setReason(reason === item ? null : item)}
            >
              {item}
            </Text>
          ))}
        </View>
        <Input
          className='refund-sheet__note'
          placeholder='补充说明（选填）'
          maxlength={REFUND_REASON_MAX}
          value={note}
          onInput={(event) => setNote(event.detail.value)}
        />
        <Text className='refund-sheet__label'>上传凭证（选填，最多 3 张）</Text>
        <RefundPhotos photos={photos} onChange={setPhotos} />
      </View>
    </Sheet>
  );
}
