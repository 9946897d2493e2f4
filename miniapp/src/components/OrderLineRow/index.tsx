import { Text, View } from '@tarojs/components';
import { formatFen, type Fen } from '@siyu/shared';
import { specsText } from '../../lib/format';
import { ProductImage } from '../ProductImage';
import './index.css';

export interface OrderLineView {
  title: string;
  image: string | null;
  specs: Record<string, string>;
  quantity: number;
  /** Null while the price is not known yet (checkout before its quote). */
  unitPriceFen: number | null;
  publicPriceFen?: number | null;
}

/** One bought line: picture, title, specs, unit price (the public price struck when higher) and ×quantity. */
export function OrderLineRow({ line, problem, onClick }: { line: OrderLineView; problem?: string; onClick?: () => void }) {
  const hasPublic = line.unitPriceFen !== null && typeof line.publicPriceFen === 'number' && line.publicPriceFen > line.unitPriceFen;
  return (
    <View className={`order-line ${problem ? 'order-line--problem' : ''}`} onClick={onClick}>
      <View className='order-line__image-wrap'>
        <ProductImage className='order-line__image' src={line.image} title={line.title} />
      </View>
      <View className='order-line__body'>
        <Text className='order-line__title ellipsis-2'>{line.title}</Text>
        {Object.keys(line.specs).length > 0 ? <Text className='order-line__specs ellipsis-1'>{specsText(line.specs)}</Text> : null}
        {problem ? <Text className='order-line__problem'>{problem}</Text> : null}
      </View>
      <View className='order-line__side'>
        <Text className='order-line__price'>{line.unitPriceFen === null ? '—' : formatFen(line.unitPriceFen as Fen)}</Text>
        {hasPublic ? <Text className='order-line__public'>{formatFen(line.publicPriceFen as Fen)}</Text> : null}
        <Text className='order-line__quantity'>×{line.quantity}</Text>
      </View>
    </View>
  );
}
