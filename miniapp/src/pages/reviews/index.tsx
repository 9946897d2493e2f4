import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { MyReviewView, ReviewableLineView } from '@siyu/shared';
import { fetchLinesToReview, fetchMyReviews, reviewPages } from '../../api/reviews';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductImage } from '../../components/ProductImage';
import { SkeletonBlock } from '../../components/Skeleton';
import { StarRating } from '../../components/StarRating';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { useAsync, usePagedList } from '../../lib/use-async';
import { reviewStatusText } from './review-status';
import './index.css';

type Tab = 'to-write' | 'mine';

function LineRow({ line }: { line: ReviewableLineView }) {
  return (
    <View className='review-line'>
      <ProductImage className='review-line__image' src={line.image} title={line.title} />
      <View className='review-line__body' onClick={() => go.product(line.productId)}>
        <Text className='review-line__title ellipsis-2'>{line.title}</Text>
        {line.specsText ? <Text className='review-line__specs ellipsis-1'>{line.specsText}</Text> : null}
      </View>
      <Button className='btn btn--small btn--primary review-line__button' onClick={() => reviewPages.write(line)}>
        写评价
      </Button>
    </View>
  );
}

function MyReviewRow({ review }: { review: MyReviewView }) {
  return (
    <View className='my-review'>
      <View className='my-review__head'>
        <Text className='my-review__title ellipsis-1'>{review.title}</Text>
        <Text className={`my-review__status my-review__status--${review.status}`}>{reviewStatusText(review)}</Text>
      </View>
      <StarRating value={review.rating} />
      <Text className='my-review__content'>{review.content}</Text>
      {review.images.length > 0 ? <Text className='my-review__images'>{review.images.length} 张图片</Text> : null}
    </View>
  );
}

/**
 * 评价中心: 待评价 lists the lines of received orders not reviewed yet (写评价 opens the form); 我的评价
 * lists the member's own reviews with their moderation state (pending ones only the author sees).
 */
export default function ReviewsPage() {
  const { params } = useRouter();
  const { member } = useSession();
  const memberKey = member?.id ?? 'guest';
  const [tab, setTab] = useState<Tab>(params.tab === 'mine' ? 'mine' : 'to-write');
  const lines = useAsync(() => (member ? fetchLinesToReview() : Promise.resolve([])), `to-write-${memberKey}`);
  const mine = usePagedList((cursor) => (member ? fetchMyReviews(cursor) : Promise.resolve({ items: [], nextCursor: null })), `my-reviews-${memberKey}`);
  const hasShown = useRef(false);
  // Back from the form: the line moved from 待评价 to 我的评价.
  useDidShow(() => {
    if (hasShown.current) void Promise.all([lines.reload(), mine.refresh()]);
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void Promise.all([lines.reload(), mine.refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (tab === 'mine') void mine.loadMore();
  });

  if (!member)
    return <EmptyState title='登录后查看评价' description='收货后评价商品，首次评价有奖励' actionText='登录 / 注册' onAction={() => void startLogin()} />;
  const toWrite = lines.data ?? [];
  return (
    <View className='page reviews'>
      <View className='reviews__tabs' role='tablist'>
        {(
          [
            ['to-write', `待评价${toWrite.length > 0 ? `（${toWrite.length}）` : ''}`],
            ['mine', '我的评价'],
          ] as const
        ).map(([key, name]) => (
          <View
            key={key}
            role='tab'
            aria-selected={tab === key}
            className={`reviews__tab ${tab === key ? 'reviews__tab--on' : ''}`}
            onClick={() => setTab(key)}
          >
            <Text>{name}</Text>
          </View>
        ))}
      </View>
      {tab === 'to-write' ? (
        lines.isLoading && !lines.data ? (
          <SkeletonBlock className='reviews__skeleton' />
        ) : lines.error && !lines.data ? (
          <ErrorState message={lines.error.message} onRetry={() => void lines.reload()} />
        ) : toWrite.length === 0 ? (
          <EmptyState title='没有待评价的商品' description='确认收货后即可评价，首次评价审核通过有奖励' actionText='去逛逛' onAction={go.home} />
        ) : (
          <View className='card reviews__list'>
            {toWrite.map((line) => (
              <LineRow key={line.orderLineId} line={line} />
            ))}
          </View>
        )
      ) : mine.isLoading && mine.items.length === 0 ? (
        <SkeletonBlock className='reviews__skeleton' />
      ) : mine.error && mine.items.length === 0 ? (
        <ErrorState message={mine.error.message} onRetry={() => void mine.refresh()} />
      ) : mine.items.length === 0 ? (
        <EmptyState title='还没有评价' description='收货后说说你的使用感受吧' />
      ) : (
        <View>
          <View className='card reviews__list'>
            {mine.items.map((review) => (
              <MyReviewRow key={review.id} review={review} />
            ))}
          </View>
          <ListFooter
            isLoadingMore={mine.isLoadingMore}
            hasMore={mine.hasMore}
            isFailed={mine.isLoadMoreFailed}
            onRetry={() => void mine.loadMore()}
            count={mine.items.length}
          />
        </View>
      )}
    </View>
  );
}
