import { Button, Text, View } from '@tarojs/components';
import { formatFen, type CartResponse, type Fen } from '@siyu/shared';
import { Checkbox } from '../../../components/Checkbox';

/** Select all, the total of what is selected (with the saving), and 结算. */
export function CheckoutBar({ cart, onSelectAll, onCheckout }: { cart: CartResponse; onSelectAll: (isSelected: boolean) => void; onCheckout: () => void }) {
  const { totals } = cart;
  return (
    <View className='checkout-bar'>
      <Checkbox isChecked={cart.isAllSelected} onChange={onSelectAll} label='全选' />
      <View className='checkout-bar__sum'>
        <View>
          <Text className='checkout-bar__label'>合计：</Text>
          <Text className='checkout-bar__total'>{formatFen(totals.totalFen as Fen)}</Text>
        </View>
        {totals.savingFen > 0 ? <Text className='checkout-bar__saving'>已省 {formatFen(totals.savingFen as Fen)}</Text> : null}
      </View>
      <Button className={`btn ${totals.selectedLineCount > 0 ? 'btn--primary' : 'btn--disabled'} checkout-bar__button`} onClick={onCheckout}>
        结算{totals.selectedQuantity > 0 ? `(${totals.selectedQuantity})` : ''}
      </Button>
    </View>
  );
}
