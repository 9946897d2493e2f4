import { Text, View } from '@tarojs/components';
import { fetchReviewSummary, reviewPages } from '../../api/reviews';
import { useAsync } from '../../lib/use-async';
import { ReviewCard } from '../ReviewCard';
import './index.css';

/** "好评率 95%" from basis points, rounded down to a whole percent. */
export function goodRateText(goodRateBp: number): string {
  return `好评率 ${Math.floor(goodRateBp / 100)}%`;
}

/** The product page's 商品评价: count and good rate, the latest two approved reviews, 查看全部. */
export function ReviewSummary({ productId }: { productId: number }) {
  const loaded = useAsync(() => fetchReviewSummary(productId), `review-summary-${productId}`);
  const summary = loaded.data;
  if (!summary) return null;
  const hasReviews = summary.count > 0;
  return (
    <View className='review-summary' data-testid='review-summary'>
      <View className='review-summary__head' onClick={hasReviews ? () => reviewPages.product(productId) : undefined}>
        <Text className='review-summary__title'>商品评价（{summary.count}）</Text>
        {hasReviews ? <Text className='review-summary__more'>{goodRateText(summary.goodRateBp)} 查看全部 ›</Text> : null}
      </View>
      {hasReviews ? (
        summary.latest.map((review) => <ReviewCard key={review.id} review={review} />)
      ) : (
        <Text className='review-summary__empty'>暂无评价，收货后来说说你的感受吧</Text>
      )}
    </View>
  );
}
