import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { fetchHotWords } from '../../../api/shopper';
import { Icon } from '../../../components/Icon';
import { clearSearchHistory, readSearchHistory } from '../../../lib/search-history';

/** Before a search: the shopper's own recent searches (on the device) and the merchant's hot words. */
export function SearchPanel({ onPick }: { onPick: (word: string) => void }) {
  const [history, setHistory] = useState<string[]>(() => readSearchHistory());
  const [hotWords, setHotWords] = useState<string[]>([]);
  useEffect(() => {
    void fetchHotWords().then(setHotWords, () => setHotWords([]));
  }, []);

  return (
    <View className='search-panel'>
      {history.length > 0 ? (
        <View className='search-panel__section'>
          <View className='search-panel__head'>
            <Text className='search-panel__title'>搜索历史</Text>
            <View
              className='search-panel__clear'
              onClick={() => {
                clearSearchHistory();
                setHistory([]);
              }}
            >
              <Icon name='trash' size={32} />
              <Text>清空</Text>
            </View>
          </View>
          <View className='search-panel__words'>
            {history.map((word) => (
              <Text className='search-panel__word' key={word} onClick={() => onPick(word)}>
                {word}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      {hotWords.length > 0 ? (
        <View className='search-panel__section'>
          <View className='search-panel__head'>
            <Text className='search-panel__title'>热门搜索</Text>
          </View>
          <View className='search-panel__words'>
            {hotWords.map((word, index) => (
              <View className={`search-panel__word ${index < 3 ? 'search-panel__word--hot' : ''}`} key={word} onClick={() => onPick(word)}>
                {index < 3 ? <Icon name='hot' size={26} /> : null}
                <Text>{word}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
    </View>
  );
}
