import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { mediaVariantUrl, REVIEW_MAX_IMAGES } from '@siyu/shared';
import { ApiError } from '../../api/errors';
import { reviewPages, submitReview, uploadReviewImage } from '../../api/reviews';
import { Checkbox } from '../../components/Checkbox';
import { StarRating } from '../../components/StarRating';
import { goBack } from '../../lib/navigation';
import { ratingWord, REVIEW_MAX_CHARS, reviewFormProblem } from './review-form';
import './index.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2200 });

/**
 * 发表评价 for one line of a received order: stars, text, up to 9 photos (uploaded one by one to the
 * shop's media library, checked by content on the server), anonymous or not. The review waits for the
 * store's moderation; the first approved one earns the 首次评价 reward.
 */
export default function ReviewWritePage() {
  const { params } = useRouter();
  const lineId = Number(params.lineId);
  const title = decodeURIComponent(params.title ?? '');
  const specs = decodeURIComponent(params.specs ?? '');
  const [rating, setRating] = useState(5);
  const [content, setContent] = useState('');
  const [images, setImages] = useState<string[]>([]);
  const [isAnonymous, setIsAnonymous] = useState(false);
  const [isUploading, setIsUploading] = useState(false);
  const [isSending, setIsSending] = useState(false);

  const addPhotos = async () => {
    if (isUploading || images.length >= REVIEW_MAX_IMAGES) return;
    let picked: string[];
    try {
      picked = (await Taro.chooseImage({ count: REVIEW_MAX_IMAGES - images.length, sizeType: ['compressed'] })).tempFilePaths;
    } catch {
      return; // cancelled
    }
    setIsUploading(true);
    try {
      for (const path of picked) {
        const url = await uploadReviewImage(path);
        setImages((current) => (current.length < REVIEW_MAX_IMAGES ? [...current, url] : current));
      }
    } catch (error) {
      toast(error instanceof ApiError ? error.message : '图片上传失败，请重试');
    } finally {
      setIsUploading(false);
    }
  };

  const send = async () => {
    const problem = reviewFormProblem({ rating, content, images });
    if (problem) {
      toast(problem);
      return;
    }
    if (isSending || isUploading) return;
    setIsSending(true);
    try {
      await submitReview({ orderLineId: lineId, rating, content: content.trim(), images, isAnonymous });
      void Taro.showToast({ title: '评价已提交，审核通过后展示', icon: 'none', duration: 2200 });
      setTimeout(() => void goBack().catch(() => reviewPages.center('mine')), 1200);
    } catch {
      // The API client toasted the reason (already reviewed, not received …).
      setIsSending(false);
    }
  };

  return (
    <View className='page review-write'>
      <View className='card review-write__product'>
        <Text className='review-write__title ellipsis-2'>{title || '商品评价'}</Text>
        {specs ? <Text className='review-write__specs'>{specs}</Text> : null}
        <View className='review-write__stars'>
          <Text className='review-write__label'>商品评分</Text>
          <StarRating value={rating} onChange={setRating} size='large' />
          <Text className='review-write__word'>{ratingWord(rating)}</Text>
        </View>
      </View>
      <View className='card review-write__body'>
        <Textarea
          className='review-write__textarea'
          value={content}
          maxlength={REVIEW_MAX_CHARS}
          placeholder='说说口感、包装、物流的感受，帮助更多人选择（至少 5 个字）'
          onInput={(event) => setContent(event.detail.value)}
          aria-label='评价内容'
        />
        <Text className='review-write__count'>
          {[...content].length}/{REVIEW_MAX_CHARS}
        </Text>
        <View className='review-write__photos'>
          {images.map((url) => (
            <View key={url} className='review-write__photo'>
              <Image className='review-write__photo-image' src={mediaVariantUrl(url, 't')} mode='aspectFill' ariaLabel='评价图片' />
              <Text
                className='review-write__photo-remove'
                aria-label='删除图片'
                onClick={() => setImages((current) => current.filter((entry) => entry !== url))}
              >
                ×
              </Text>
            </View>
          ))}
          {images.length < REVIEW_MAX_IMAGES ? (
            <View className='review-write__add' onClick={() => void addPhotos()} aria-label='添加图片'>
              <Text className='review-write__add-plus'>{isUploading ? '…' : '+'}</Text>
              <Text className='review-write__add-text'>{isUploading ? '上传中' : `添加图片 ${images.length}/${REVIEW_MAX_IMAGES}`}</Text>
            </View>
          ) : null}
        </View>
        <View className='review-write__anonymous'>
          <Checkbox isChecked={isAnonymous} onChange={setIsAnonymous} label='匿名评价' />
        </View>
      </View>
      <Text className='review-write__note'>评价经商家审核后展示在商品页；首次评价审核通过可得成长值和积分。</Text>
      <View className='review-write__footer'>
        <Button className={`btn btn--primary review-write__submit ${isSending ? 'btn--disabled' : ''}`} disabled={isSending} onClick={() => void send()}>
          {isSending ? '提交中…' : '提交评价'}
        </Button>
      </View>
    </View>
  );
}
