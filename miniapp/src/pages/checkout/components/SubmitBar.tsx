import { Button, Text, View } from '@tarojs/components';
import { formatFen, type Fen } from '@siyu/shared';

/** The bottom bar: what the member pays and 提交订单 (or why they cannot yet). */
export function SubmitBar({ payableFen, label, isEnabled, onSubmit }: { payableFen: number | null; label: string; isEnabled: boolean; onSubmit: () => void }) {
  return (
    <View className='checkout-submit'>
      <View className='checkout-submit__sum'>
        <Text className='checkout-submit__label'>合计：</Text>
        <Text className='checkout-submit__total'>{payableFen === null ? '—' : formatFen(payableFen as Fen)}</Text>
      </View>
      <Button className={`btn ${isEnabled ? 'btn--primary' : 'btn--disabled'} checkout-submit__button`} onClick={() => isEnabled && onSubmit()}>
        {label}
      </Button>
    </View>
  );
}
