import { Text, View } from '@tarojs/components';
import { formatFen, type Fen, type LiveSessionPageView } from '@siyu/shared';
import { ProductImage } from '../../../components/ProductImage';

/** 直播间商品: what the host sells in this session, each opening its product page. */
export function SessionProducts({ products, onOpen }: { products: LiveSessionPageView['products']; onOpen: (productId: number) => void }) {
  if (products.length === 0) return null;
  return (
    <View className='card live-products'>
      <Text className='live-products__title'>直播间商品（{products.length}）</Text>
      {products.map((product, index) => (
        <View className='live-product' key={product.productId} onClick={() => onOpen(product.productId)}>
          <View className='live-product__media'>
            <ProductImage className='live-product__image' src={product.image} title={product.title} />
            <Text className='live-product__no'>{index + 1}</Text>
          </View>
          <View className='live-product__body'>
            <Text className='live-product__name ellipsis-2'>{product.title}</Text>
            <View className='live-product__foot'>
              <Text className='live-product__price'>{formatFen(product.minPriceFen as Fen)}</Text>
              {product.publicPriceFen > product.minPriceFen ? <Text className='live-product__public'>{formatFen(product.publicPriceFen as Fen)}</Text> : null}
              <Text className='live-product__buy'>去购买</Text>
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}
