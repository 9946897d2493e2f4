import { Picker, Text, View } from '@tarojs/components';
import { regionText } from '../../lib/region';
import type { RegionPickerProps } from './types';
import './index.css';

/**
 * The mini-program's region picker: WeChat's own (every province, city and district, with GB/T 2260
 * codes). The H5 build uses index.h5.tsx, a sheet over a small built-in list.
 */
export function RegionPicker({ value, onChange, placeholder = '请选择省 / 市 / 区' }: RegionPickerProps) {
  return (
    <Picker mode='region' value={value?.names ?? []} onChange={(event) => onChange({ codes: event.detail.code, names: event.detail.value })}>
      <View className='region-picker'>
        <Text className={value ? 'region-picker__text' : 'region-picker__placeholder'}>{value ? regionText(value.names) : placeholder}</Text>
        <Text className='region-picker__arrow'>›</Text>
      </View>
    </Picker>
  );
}
