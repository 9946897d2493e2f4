import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { returnShipmentBodySchema, type Refund } from '@siyu/shared';
import { sendReturnShipment } from '../../../api/refunds';

/**
 * 退货退款 after the merchant agreed: the return address to send the goods to, and the form for the return
 * carrier and tracking number; once sent, the shipment as entered (the merchant confirms receipt, then pays back).
 */
export function ReturnShipment({ refund, onSent }: { refund: Refund; onSent: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [isSending, setIsSending] = useState(false);
  const address = refund.returnAddress;
  const checked = returnShipmentBodySchema.safeParse({ carrier, trackingNo });
  const problem = checked.success ? null : carrier.trim() === '' ? '请填写快递公司' : '快递单号为 6–40 位字母、数字或“-”';
  const send = async () => {
    if (!checked.success || isSending) return;
    setIsSending(true);
    try {
      await sendReturnShipment(refund.orderId, refund.id, checked.data);
      onSent();
    } catch {
      // The API client has shown why.
    } finally {
      setIsSending(false);
    }
  };
  return (
    <View className='return-shipment'>
      {address ? (
        <View className='return-shipment__address'>
          <Text className='return-shipment__label'>请将商品寄回</Text>
          <Text className='return-shipment__text'>
            {address.recipientName} {address.phone}
          </Text>
          <Text className='return-shipment__text'>
            {address.regionText} {address.detail}
          </Text>
        </View>
      ) : null}
      {refund.status === 'awaiting_return' ? (
        <View className='return-shipment__form'>
          <Input
            className='return-shipment__input'
            placeholder='快递公司，如 顺丰速运'
            maxlength={20}
            value={carrier}
            onInput={(event) => setCarrier(event.detail.value)}
          />
          <Input
            className='return-shipment__input'
            placeholder='快递单号'
            maxlength={40}
            value={trackingNo}
            onInput={(event) => setTrackingNo(event.detail.value)}
          />
          {problem && (carrier !== '' || trackingNo !== '') ? <Text className='return-shipment__problem'>{problem}</Text> : null}
          <Button className={`btn btn--small ${checked.success && !isSending ? 'btn--primary' : 'btn--disabled'}`} onClick={() => void send()}>
            {isSending ? '提交中…' : '提交退货物流'}
          </Button>
        </View>
      ) : refund.returnTrackingNo ? (
        <Text className='refund-record__meta'>
          已寄回：{refund.returnCarrier} {refund.returnTrackingNo}
          {refund.status === 'returning' ? '，商家收到后退款' : ''}
        </Text>
      ) : null}
    </View>
  );
}
