import { Text, View } from '@tarojs/components';
import './index.css';

/** A round check mark in the brand colour. */
export function Checkbox({
  isChecked,
  isDisabled = false,
  onChange,
  label,
}: {
  isChecked: boolean;
  isDisabled?: boolean;
  onChange: (next: boolean) => void;
  label?: string;
}) {
  return (
    <View
      className={`checkbox ${isChecked ? 'checkbox--on' : ''} ${isDisabled ? 'checkbox--disabled' : ''}`}
      role='checkbox'
      aria-checked={isChecked}
      aria-label={label ?? '选择'}
      onClick={(event) => {
        event.stopPropagation();
        if (!isDisabled) onChange(!isChecked);
      }}
    >
      <View className='checkbox__box'>{isChecked ? <Text className='checkbox__tick'>✓</Text> : null}</View>
      {label ? <Text className='checkbox__label'>{label}</Text> : null}
    </View>
  );
}
