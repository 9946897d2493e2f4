import { Text, View } from '@tarojs/components';
import { go } from '../../lib/navigation';
import './index.css';

/**
 * Under the price block, whenever a struck-through price is shown: what that price means (划线价说明).
 * Chinese marketplace rules require the explanation wherever a compared price appears.
 */
export function PriceNoteLink({ hasStruckPrice }: { hasStruckPrice: boolean }) {
  if (!hasStruckPrice) return null;
  return (
    <View className='price-note-link' onClick={() => go.priceNote()} ariaRole='link' data-testid='price-note-link'>
      <Text className='price-note-link__text'>划线价为参考价，并非原价</Text>
      <Text className='price-note-link__more'>划线价说明 ›</Text>
    </View>
  );
}
