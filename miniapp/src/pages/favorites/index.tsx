import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { FavoriteItem } from '@siyu/shared';
import { fetchFavorites, setFavorite } from '../../api/shopper';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductCard } from '../../components/ProductCard';
import { ProductImage } from '../../components/ProductImage';
import { ProductGridSkeleton } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { usePagedList } from '../../lib/use-async';
import './index.css';

type Row = FavoriteItem & { id: number };

/** 我的收藏: the member's favourite products, newest first; one no longer on sale stays, marked 已下架. */
export default function FavoritesPage() {
  const list = usePagedList<Row>(async (cursor) => {
    const page = await fetchFavorites(cursor);
    return { items: page.items.map((item) => ({ ...item, id: item.productId })), nextCursor: page.nextCursor };
  }, 'favorites');

  useDidShow(() => {
    // Back from a product page where the heart was tapped: show the list as it is now.
    if (!list.isLoading) void list.refresh();
  });
  usePullDownRefresh(() => {
    void list.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  const remove = async (productId: number) => {
    try {
      await setFavorite(productId, false);
      void Taro.showToast({ title: '已取消收藏', icon: 'none' });
      void list.refresh();
    } catch {
      // The API client showed why.
    }
  };

  if (list.isLoading && list.items.length === 0) return <ProductGridSkeleton />;
  if (list.error && list.items.length === 0) return <ErrorState message={list.error.message} onRetry={() => void list.refresh()} />;
  if (list.items.length === 0) {
    return <EmptyState picture='box' title='还没有收藏的商品' description='在商品页点「收藏」，喜欢的好物都在这里' actionText='去逛逛' onAction={go.home} />;
  }
  return (
    <View className='page favorites'>
      <View className='favorites__grid'>
        {list.items.map((item) =>
          item.product ? (
            <View className='favorites__cell' key={item.productId}>
              <ProductCard product={item.product} onOpen={go.product} />
              <Text className='favorites__remove' onClick={() => void remove(item.productId)}>
                取消收藏
              </Text>
            </View>
          ) : (
            <View className='favorites__cell favorites__cell--gone' key={item.productId}>
              <ProductImage className='favorites__gone-image' src={null} title='已下架' />
              <Text className='favorites__gone-text'>该商品已下架</Text>
              <Text className='favorites__remove' onClick={() => void remove(item.productId)}>
                移除
              </Text>
            </View>
          ),
        )}
      </View>
      <ListFooter
        isLoadingMore={list.isLoadingMore}
        hasMore={list.hasMore}
        isFailed={list.isLoadMoreFailed}
        onRetry={() => void list.loadMore()}
        count={list.items.length}
      />
    </View>
  );
}
