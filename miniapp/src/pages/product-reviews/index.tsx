import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { fetchProductReviews, fetchReviewSummary } from '../../api/reviews';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ReviewCard } from '../../components/ReviewCard';
import { goodRateText } from '../../components/ReviewSummary';
import { SkeletonBlock } from '../../components/Skeleton';
import { useAsync, usePagedList } from '../../lib/use-async';
import './index.css';

/** 商品评价: every approved review of a product, newest first, with the count and good rate on top. */
export default function ProductReviewsPage() {
  const { params } = useRouter();
  const productId = Number(params.id);
  const summary = useAsync(() => fetchReviewSummary(productId), `reviews-summary-${productId}`);
  const list = usePagedList((cursor) => fetchProductReviews(productId, cursor), `reviews-${productId}`);
  usePullDownRefresh(() => {
    void Promise.all([summary.reload(), list.refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  if (list.isLoading && list.items.length === 0) {
    return (
      <View className='page product-reviews' aria-label='加载中'>
        <SkeletonBlock className='product-reviews__skeleton' />
      </View>
    );
  }
  if (list.error && list.items.length === 0) return <ErrorState message={list.error.message} onRetry={() => void list.refresh()} />;
  if (list.items.length === 0) return <EmptyState title='暂无评价' description='买过的朋友还没有留下评价' />;
  return (
    <View className='page product-reviews'>
      {summary.data ? (
        <View className='product-reviews__head'>
          <Text className='product-reviews__count'>共 {summary.data.count} 条评价</Text>
          <Text className='product-reviews__rate'>
            {goodRateText(summary.data.goodRateBp)} · 有图 {summary.data.withImages}
          </Text>
        </View>
      ) : null}
      <View className='card product-reviews__list'>
        {list.items.map((review) => (
          <ReviewCard key={review.id} review={review} />
        ))}
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
