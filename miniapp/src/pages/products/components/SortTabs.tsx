import { Text, View } from '@tarojs/components';
import type { ProductSort } from '../../../api/shop';

/** 综合 / 销量 / 价格 (tapping 价格 again flips the direction). */
export function SortTabs({ sort, onChange }: { sort: ProductSort; onChange: (sort: ProductSort) => void }) {
  const isPrice = sort === 'price_asc' || sort === 'price_desc';
  return (
    <View className='sort-tabs'>
      <Text className={`sort-tabs__tab ${sort === 'default' ? 'sort-tabs__tab--active' : ''}`} onClick={() => onChange('default')}>
        综合
      </Text>
      <Text className={`sort-tabs__tab ${sort === 'sales' ? 'sort-tabs__tab--active' : ''}`} onClick={() => onChange('sales')}>
        销量
      </Text>
      <Text className={`sort-tabs__tab ${isPrice ? 'sort-tabs__tab--active' : ''}`} onClick={() => onChange(sort === 'price_asc' ? 'price_desc' : 'price_asc')}>
        价格{sort === 'price_asc' ? ' ↑' : sort === 'price_desc' ? ' ↓' : ' ↕'}
      </Text>
    </View>
  );
}
