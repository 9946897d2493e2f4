import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { formatFen, TIER_NAMES, type CartLine as CartLineData, type Fen } from '@siyu/shared';
import { specsText } from '../../lib/format';
import { Checkbox } from '../Checkbox';
import { ProductImage } from '../ProductImage';
import { QuantityStepper } from '../QuantityStepper';
import './index.css';

export interface CartLineProps {
  line: CartLineData;
  onQuantityChange: (line: CartLineData, quantity: number) => void;
  onSelectedChange: (line: CartLineData, isSelected: boolean) => void;
  onRemove: (line: CartLineData) => void;
  onOpen?: (line: CartLineData) => void;
}

const STATUS: Record<Exclude<CartLineData['availability'], 'ok'>, string> = {
  sold_out: '已售罄',
  off_sale: '已下架',
  tier_required: '会员专享',
  insufficient_stock: '库存不足',
};

/** Lines that cannot be bought as they are: greyed, not selectable, only removable. */
const GONE: ReadonlySet<CartLineData['availability']> = new Set(['sold_out', 'off_sale', 'tier_required']);

/** The note under a line that needs the shopper's attention. */
function noteOf(line: CartLineData): string {
  if (line.availability === 'insufficient_stock') return `库存不足，仅剩 ${line.stock} 件，请减少数量`;
  if (line.availability === 'tier_required') return `${line.minTier ? TIER_NAMES[line.minTier] : '更高等级'}及以上会员专享，当前等级暂不可购买`;
  return '';
}

/** One cart line: select, picture, title and specs, unit price, a clamped quantity stepper, remove. */
export function CartLine({ line, onQuantityChange, onSelectedChange, onRemove, onOpen }: CartLineProps) {
  const [message, setMessage] = useState('');
  const isGone = GONE.has(line.availability);
  const shortNote = noteOf(line);
  return (
    <View className={`cart-line ${isGone ? 'cart-line--gone' : ''}`}>
      <Checkbox isChecked={line.isSelected && !isGone} isDisabled={isGone} onChange={(next) => onSelectedChange(line, next)} />
      <View className='cart-line__image-wrap' onClick={() => onOpen?.(line)}>
        <ProductImage className='cart-line__image' src={line.image} title={line.title} />
        {line.availability !== 'ok' ? <Text className='cart-line__status'>{STATUS[line.availability]}</Text> : null}
      </View>
      <View className='cart-line__body'>
        <Text className='cart-line__title ellipsis-2' onClick={() => onOpen?.(line)}>
          {line.title}
        </Text>
        <View className='cart-line__meta'>
          <Text className='cart-line__specs ellipsis-1'>{specsText(line.specs)}</Text>
          <Text className='cart-line__remove' onClick={() => onRemove(line)}>
            删除
          </Text>
        </View>
        <View className='cart-line__foot'>
          <View className='cart-line__prices'>
            <Text className='cart-line__price'>{formatFen(line.unitPriceFen as Fen)}</Text>
            {line.publicPriceFen > line.unitPriceFen ? <Text className='cart-line__public'>{formatFen(line.publicPriceFen as Fen)}</Text> : null}
          </View>
          {isGone ? null : (
            <QuantityStepper
              value={line.quantity}
              stock={line.stock}
              purchaseLimit={line.purchaseLimit}
              onChange={(quantity) => {
                setMessage('');
                onQuantityChange(line, quantity);
              }}
              onLimit={setMessage}
            />
          )}
        </View>
        {message || shortNote ? <Text className='cart-line__message'>{message || shortNote}</Text> : null}
      </View>
    </View>
  );
}
