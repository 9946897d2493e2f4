import { Text, View } from '@tarojs/components';
import { PRICE_NOTES } from './price-note-text';
import './index.css';

/** 价格说明: reached from the product page's price block (划线价说明 ›). */
export default function PriceNotePage() {
  return (
    <View className='price-note'>
      {PRICE_NOTES.map((note) => (
        <View key={note.title} className='price-note__section'>
          <Text className='price-note__title'>{note.title}</Text>
          <Text className='price-note__text'>{note.text}</Text>
        </View>
      ))}
    </View>
  );
}
