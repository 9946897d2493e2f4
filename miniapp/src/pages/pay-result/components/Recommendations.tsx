import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { ShopProductSummary } from '@siyu/shared';
import { fetchProducts } from '../../../api/shop';
import { ProductCard } from '../../../components/ProductCard';
import { go } from '../../../lib/navigation';

/** 为你推荐 under the result: best sellers, without what the shopper just bought. */
export function Recommendations({ excludeIds }: { excludeIds: readonly number[] }) {
  const [items, setItems] = useState<ShopProductSummary[]>([]);
  const excluded = excludeIds.join(',');
  useEffect(() => {
    const skip = new Set(excluded.split(',').filter(Boolean).map(Number));
    void fetchProducts({ sort: 'sales', limit: 10 }).then(
      (page) => setItems(page.items.filter((item) => !skip.has(item.id)).slice(0, 6)),
      () => setItems([]),
    );
  }, [excluded]);
  if (items.length === 0) return null;
  return (
    <View className='pay-recommend'>
      <Text className='pay-recommend__title'>为你推荐</Text>
      <View className='pay-recommend__grid'>
        {items.map((product) => (
          <View className='pay-recommend__cell' key={product.id}>
            <ProductCard product={product} onOpen={go.product} />
          </View>
        ))}
      </View>
    </View>
  );
}
