import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import './index.css';

export interface SearchBarProps {
  value?: string;
  placeholder?: string;
  /** A tappable bar that opens the search page instead of taking input. */
  onTap?: () => void;
  onSearch?: (keyword: string) => void;
  isFocused?: boolean;
  tone?: 'light' | 'on-brand';
}

/** The rounded search field (or a button that looks like one). */
export function SearchBar({ value = '', placeholder = '搜索商品', onTap, onSearch, isFocused = false, tone = 'light' }: SearchBarProps) {
  const [text, setText] = useState(value);
  return (
    <View className={`search-bar search-bar--${tone}`} onClick={onTap}>
      <View className='search-bar__field'>
        <View className='search-bar__icon' />
        {onTap ? (
          <Text className='search-bar__placeholder'>{placeholder}</Text>
        ) : (
          <Input
            className='search-bar__input'
            value={text}
            placeholder={placeholder}
            placeholderClass='search-bar__placeholder'
            confirmType='search'
            focus={isFocused}
            maxlength={40}
            onInput={(event) => setText(event.detail.value)}
            onConfirm={(event) => onSearch?.(event.detail.value.trim())}
          />
        )}
      </View>
      {onTap ? null : (
        <Text className='search-bar__submit' onClick={() => onSearch?.(text.trim())}>
          搜索
        </Text>
      )}
    </View>
  );
}
