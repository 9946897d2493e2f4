import { ScrollView, Text, View } from '@tarojs/components';
import type { CategoryNode } from '../../../api/shop';

/** The left rail of top-level categories. */
export function CategoryRail({ categories, activeId, onPick }: { categories: CategoryNode[]; activeId: number | null; onPick: (id: number) => void }) {
  return (
    <ScrollView className='category__rail' scrollY>
      {categories.map((category) => (
        <View
          key={category.id}
          className={`category__rail-item ${category.id === activeId ? 'category__rail-item--active' : ''}`}
          onClick={() => onPick(category.id)}
        >
          <Text>{category.name}</Text>
        </View>
      ))}
    </ScrollView>
  );
}
