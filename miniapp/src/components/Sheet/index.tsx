import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.css';

/** A bottom sheet over a dimmed page; tapping the mask or × closes it. */
export function Sheet({
  isOpen,
  onClose,
  title,
  children,
  footer,
}: {
  isOpen: boolean;
  onClose: () => void;
  title?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  if (!isOpen) return null;
  return (
    <View className='sheet'>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel'>
        <View className='sheet__head'>
          {title ? <Text className='sheet__title'>{title}</Text> : null}
          <Text className='sheet__close' onClick={onClose} aria-label='关闭'>
            ×
          </Text>
        </View>
        <View className='sheet__body'>{children}</View>
        {footer ? <View className='sheet__footer'>{footer}</View> : null}
      </View>
    </View>
  );
}
