import { Text, View } from '@tarojs/components';
import { formatFen, type Fen, type ShopProductSummary } from '@siyu/shared';
import { salesText } from '../../lib/format';
import { ProductImage } from '../ProductImage';
import { ProductTags } from '../ProductTags';
import './index.css';

/** A product in a two-column feed (`grid`) or a one-column list with the picture left (`row`). */
export function ProductCard({ product, layout = 'grid', onOpen }: { product: ShopProductSummary; layout?: 'grid' | 'row'; onOpen: (id: number) => void }) {
  return (
    <View className={`pcard pcard--${layout} ${product.isSoldOut ? 'pcard--sold-out' : ''}`} onClick={() => onOpen(product.id)}>
      <View className='pcard__media'>
        <ProductImage className='pcard__image' src={product.image} title={product.title} />
        {product.isSoldOut ? <Text className='pcard__sold-out'>已售罄</Text> : null}
      </View>
      <View className='pcard__body'>
        <View className='pcard__title ellipsis-2'>
          <ProductTags tags={product.tags} />
          <Text>{product.title}</Text>
        </View>
        {layout === 'row' && product.subtitle ? <Text className='pcard__subtitle ellipsis-1'>{product.subtitle}</Text> : null}
        {product.savingFen > 0 ? <Text className='pcard__saving'>私域专享 省{formatFen(product.savingFen as Fen)}</Text> : null}
        <View className='pcard__foot'>
          <View className='pcard__prices'>
            <Text className='pcard__price'>{formatFen(product.priceFen as Fen)}</Text>
            {product.publicPriceFen > product.priceFen ? <Text className='pcard__public'>{formatFen(product.publicPriceFen as Fen)}</Text> : null}
          </View>
          <Text className='pcard__sales'>已售{salesText(product.salesCount)}</Text>
        </View>
      </View>
    </View>
  );
}
