import { Text, View } from '@tarojs/components';

/** Under an infinite list: loading, failed (tap to retry), or the end. */
export function ListFooter({
  isLoadingMore,
  hasMore,
  isFailed,
  onRetry,
  count,
}: {
  isLoadingMore: boolean;
  hasMore: boolean;
  isFailed: boolean;
  onRetry: () => void;
  count: number;
}) {
  if (isFailed) {
    return (
      <View className='list-footer' onClick={onRetry}>
        <Text style={{ color: '#ee0a24' }}>加载失败，点击重试</Text>
      </View>
    );
  }
  if (isLoadingMore) return <View className='list-footer'>加载中…</View>;
  if (!hasMore && count > 0) return <View className='list-footer'>— 没有更多了 —</View>;
  return <View className='list-footer' />;
}
