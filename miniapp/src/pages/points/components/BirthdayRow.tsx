import { Picker, Text, View } from '@tarojs/components';

/** 生日: the day on file, or a date picker to set it (once; the birthday gift comes on that day). */
export function BirthdayRow({ birthday, onPick }: { birthday: string | null; onPick: (monthDay: string) => void }) {
  if (birthday) {
    const [month = '', day = ''] = birthday.split('-');
    return (
      <View className='card points-birthday'>
        <Text className='points-birthday__name'>我的生日</Text>
        <Text className='points-birthday__value'>
          {Number(month)}月{Number(day)}日 · 当天自动发放生日礼
        </Text>
      </View>
    );
  }
  return (
    <Picker mode='date' value='2000-01-01' start='1930-01-01' end='2030-12-31' onChange={(event) => onPick(String(event.detail.value).slice(5, 10))}>
      <View className='card points-birthday'>
        <Text className='points-birthday__name'>设置生日</Text>
        <Text className='points-birthday__value points-birthday__value--set'>生日当天领积分好礼 ›</Text>
      </View>
    </Picker>
  );
}
