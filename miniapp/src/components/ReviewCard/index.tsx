import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { mediaVariantUrl, type ProductReviewView } from '@siyu/shared';
import { StarRating } from '../StarRating';
import './index.css';

/** "2026-03-14" in China time. */
function dayOf(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** One approved review: author, stars, date, the SKU bought, the text and its photos (tap to enlarge). */
export function ReviewCard({ review }: { review: ProductReviewView }) {
  return (
    <View className='review-card'>
      <View className='review-card__head'>
        <Text className='review-card__author'>{review.author}</Text>
        <StarRating value={review.rating} />
        <Text className='review-card__date'>{dayOf(review.createdAt)}</Text>
      </View>
      {review.specsText ? <Text className='review-card__specs'>{review.specsText}</Text> : null}
      <Text className='review-card__content'>{review.content}</Text>
      {review.images.length > 0 ? (
        <View className='review-card__images'>
          {review.images.map((url) => (
            <Image
              key={url}
              className='review-card__image'
              src={mediaVariantUrl(url, 't')}
              mode='aspectFill'
              lazyLoad
              ariaLabel='评价图片'
              onClick={() => void Taro.previewImage({ current: url, urls: review.images })}
            />
          ))}
        </View>
      ) : null}
    </View>
  );
}
