/**
 * H5 only: a stand-in for WeChat's cashier, driven by the WeChat Pay simulator (lib/sim-pay.h5.ts).
 * Pages that can pay render it once; it shows itself while a payment waits for the shopper.
 */
import { Text, View } from '@tarojs/components';
import { formatFen, type Fen } from '@siyu/shared';
import { simPay, useSimPay } from '../../lib/sim-pay';
import { priceParts } from '../../lib/format';
import './index.css';

const MERCHANT_NAME = '思语优选';

export function SimPaySheet() {
  const { request, isPaying } = useSimPay();
  if (!request) return null;
  const { integer, decimal } = priceParts(request.amountFen);
  return (
    <View className='sim-pay'>
      <View className='sim-pay__mask' onClick={() => simPay.cancel()} />
      <View className='sim-pay__panel' role='dialog' aria-label='微信支付'>
        <View className='sim-pay__head'>
          <Text className='sim-pay__close' onClick={() => simPay.cancel()} aria-label='关闭'>
            ×
          </Text>
          <Text className='sim-pay__brand'>微信支付</Text>
          <Text className='sim-pay__demo'>模拟</Text>
        </View>
        <Text className='sim-pay__merchant'>{MERCHANT_NAME}</Text>
        <View className='sim-pay__amount' aria-label={formatFen(request.amountFen as Fen)}>
          <Text className='sim-pay__yen'>¥</Text>
          <Text className='sim-pay__int'>{integer}</Text>
          <Text className='sim-pay__dec'>.{decimal}</Text>
        </View>
        <View className='sim-pay__rows'>
          <View className='sim-pay__row'>
            <Text className='sim-pay__row-name'>收款方</Text>
            <Text>{MERCHANT_NAME}</Text>
          </View>
          <View className='sim-pay__row'>
            <Text className='sim-pay__row-name'>付款方式</Text>
            <Text>零钱（演示）</Text>
          </View>
        </View>
        <View className={`sim-pay__button ${isPaying ? 'sim-pay__button--busy' : ''}`} onClick={() => void simPay.pay()}>
          {isPaying ? '支付中…' : '支付'}
        </View>
        <Text className='sim-pay__cancel' onClick={() => simPay.cancel()}>
          取消
        </Text>
        <Text className='sim-pay__note'>演示环境：由微信支付模拟器完成付款，不产生真实扣款</Text>
      </View>
    </View>
  );
}
