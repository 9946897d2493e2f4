import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { fetchCategories, fetchProducts } from '../../api/shop';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductCard } from '../../components/ProductCard';
import { SearchBar } from '../../components/SearchBar';
import { ProductGridSkeleton, SkeletonBlock } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { useAsync, usePagedList } from '../../lib/use-async';
import { Banner } from './components/Banner';
import { CategoryShortcuts } from './components/CategoryShortcuts';
import './index.css';

/** 首页: search, banner, category shortcuts, and the best-selling feed (pull to refresh, endless scroll). */
export default function HomePage() {
  const categories = useAsync(fetchCategories, 'categories');
  const feed = usePagedList((cursor) => fetchProducts({ sort: 'sales', cursor, limit: 10 }), 'home-feed');

  usePullDownRefresh(() => {
    void Promise.all([categories.reload(), feed.refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void feed.loadMore();
  });

  return (
    <View className='page home'>
      <View className='home__hero'>
        <View className='home__brand'>
          <Text className='home__brand-name'>思语优选</Text>
          <Text className='home__brand-slogan'>私域会员专享 · 品质好物</Text>
        </View>
        <SearchBar tone='on-brand' placeholder='搜索牛奶、坚果、礼盒' onTap={() => go.products({ isSearch: true })} />
      </View>
      <Banner onOpen={(q) => (q ? go.products({ q, title: q }) : go.products({ title: '全部商品' }))} />
      {categories.isLoading && !categories.data ? (
        <View className='card'>
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
        </View>
      ) : categories.data ? (
        <CategoryShortcuts categories={categories.data} onOpen={(category) => go.products({ categoryId: category.id, title: category.name })} onAll={go.category} />
      ) : null}
      <View className='section-title'>
        <Text>热销推荐</Text>
        <Text className='section-title__more' onClick={() => go.products({ title: '全部商品' })}>
          查看全部 ›
        </Text>
      </View>
      {feed.isLoading && feed.items.length === 0 ? (
        <ProductGridSkeleton />
      ) : feed.error && feed.items.length === 0 ? (
        <ErrorState message={feed.error.message} onRetry={() => void Promise.all([categories.reload(), feed.refresh()])} />
      ) : feed.items.length === 0 ? (
        <EmptyState title='暂无商品' description='店铺正在上新，晚点再来看看' />
      ) : (
        <View className='home__grid'>
          {feed.items.map((product) => (
            <View className='home__grid-cell' key={product.id}>
              <ProductCard product={product} onOpen={go.product} />
            </View>
          ))}
        </View>
      )}
      <ListFooter isLoadingMore={feed.isLoadingMore} hasMore={feed.hasMore} isFailed={feed.isLoadMoreFailed} onRetry={() => void feed.loadMore()} count={feed.items.length} />
    </View>
  );
}
