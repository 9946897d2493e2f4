import { Text, View } from '@tarojs/components';
import type { CategoryNode } from '../../../api/shop';

const COLORS = ['#ff6034', '#ffb300', '#07c160', '#1989fa', '#7232dd', '#ee0a24', '#00b8b8'];

/** Top-level categories as round shortcuts, plus "全部分类". */
export function CategoryShortcuts({ categories, onOpen, onAll }: { categories: CategoryNode[]; onOpen: (category: CategoryNode) => void; onAll: () => void }) {
  return (
    <View className='shortcuts card'>
      {categories.slice(0, 7).map((category, index) => (
        <View className='shortcuts__item' key={category.id} onClick={() => onOpen(category)}>
          <View className='shortcuts__icon' style={{ background: COLORS[index % COLORS.length] }}>
            <Text>{Array.from(category.name)[0]}</Text>
          </View>
          <Text className='shortcuts__name'>{category.name}</Text>
        </View>
      ))}
      <View className='shortcuts__item' onClick={onAll}>
        <View className='shortcuts__icon shortcuts__icon--all'>
          <Text>全</Text>
        </View>
        <Text className='shortcuts__name'>全部分类</Text>
      </View>
    </View>
  );
}
