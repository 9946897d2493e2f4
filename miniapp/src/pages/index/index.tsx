import { Text, View } from '@tarojs/components';
import Taro, { useLoad, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { fetchFlashSales, fetchLiveSessions, promotionPages } from '../../api/promotions';
import { fetchCategories, fetchProducts } from '../../api/shop';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductCard } from '../../components/ProductCard';
import { SearchBar } from '../../components/SearchBar';
import { ProductGridSkeleton, SkeletonBlock } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { usePageShare } from '../../lib/share';
import { useAsync, usePagedList } from '../../lib/use-async';
import { liveSceneOf } from '../live/live-state';
import { Banner } from './components/Banner';
import { CategoryShortcuts } from './components/CategoryShortcuts';
import { FlashStrip } from './components/FlashStrip';
import { LiveBanner } from './components/LiveBanner';
import { PromoEntries, type PromoEntryKey } from './components/PromoEntries';
import { useTrackPage } from '../../analytics/track';
import './index.css';

const openPromo = (key: PromoEntryKey) =>
  key === 'coupons' ? promotionPages.couponCenter() : key === 'flash' ? promotionPages.flashSales() : promotionPages.live();

/**
 * 首页: search, banner, the live banner while a session is live, category shortcuts, the promotions row
 * (领券中心, 秒杀, 直播), the flash-sale strip with its countdown, and the best-selling feed.
 */
export default function HomePage() {
  useTrackPage('pages/index/index');
  const categories = useAsync(fetchCategories, 'categories');
  const flash = useAsync(() => fetchFlashSales('all'), 'home-flash');
  const live = useAsync(fetchLiveSessions, 'home-live');
  const feed = usePagedList((cursor) => fetchProducts({ sort: 'sales', cursor, limit: 10 }), 'home-feed');
  usePageShare('pages/index/index', () => ({ title: '思语优选 · 会员专享价，好物天天有', params: {} }));

  // A live session's QR code made without a page opens the home page with its scene (`live=12`).
  useLoad((params: Partial<Record<string, string>>) => {
    const scene = liveSceneOf(params.scene);
    if (scene) promotionPages.liveScene(scene);
  });
  usePullDownRefresh(() => {
    void Promise.all([categories.reload(), flash.reload(), live.reload(), feed.refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  const liveNow = live.data?.live[0];
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
      {liveNow ? <LiveBanner session={liveNow} onOpen={(id) => promotionPages.live(id)} /> : null}
      {categories.isLoading && !categories.data ? (
        <View className='card'>
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
        </View>
      ) : categories.data ? (
        <CategoryShortcuts
          categories={categories.data}
          onOpen={(category) => go.products({ categoryId: category.id, title: category.name })}
          onAll={go.category}
        />
      ) : null}
      <PromoEntries onOpen={openPromo} />
      {flash.data && flash.data.items.length > 0 ? (
        <FlashStrip
          items={flash.data.items}
          offsetMs={flash.data.clockOffsetMs}
          onMore={() => promotionPages.flashSales()}
          onReload={() => void flash.reload()}
        />
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
      <ListFooter
        isLoadingMore={feed.isLoadingMore}
        hasMore={feed.hasMore}
        isFailed={feed.isLoadMoreFailed}
        onRetry={() => void feed.loadMore()}
        count={feed.items.length}
      />
    </View>
  );
}
