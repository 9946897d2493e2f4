import { Text, View } from '@tarojs/components';

const ENTRIES = [
  { key: 'coupons', name: '领券中心', note: '新人券 满减券', glyph: '券', color: 'linear-gradient(135deg, #ff6034, #ee0a24)' },
  { key: 'flash', name: '限时秒杀', note: '限量低价 手慢无', glyph: '秒', color: 'linear-gradient(135deg, #ffb300, #ff6a00)' },
  { key: 'live', name: '直播专享', note: '口令下单更优惠', glyph: '播', color: 'linear-gradient(135deg, #c2185b, #7232dd)' },
] as const;

export type PromoEntryKey = (typeof ENTRIES)[number]['key'];

/** The promotions row on the home page: 领券中心, 限时秒杀, 直播专享. */
export function PromoEntries({ onOpen }: { onOpen: (key: PromoEntryKey) => void }) {
  return (
    <View className='card home-promos'>
      {ENTRIES.map((entry) => (
        <View className='home-promos__item' key={entry.key} onClick={() => onOpen(entry.key)}>
          <View className='home-promos__icon' style={{ backgroundImage: entry.color }}>
            <Text>{entry.glyph}</Text>
          </View>
          <View className='home-promos__text'>
            <Text className='home-promos__name'>{entry.name}</Text>
            <Text className='home-promos__note'>{entry.note}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
