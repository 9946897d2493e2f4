import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { mediaVariantUrl } from '@siyu/shared';
import { ApiError } from '../../../api/errors';
import { uploadReviewImage } from '../../../api/reviews';

/** At most this many photos go with a refund request (the server refuses more). */
export const REFUND_MAX_PHOTOS = 3;

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2200 });

/**
 * 上传凭证: up to 3 photos of the goods or the problem, each uploaded to the media library as soon as it is
 * picked (the server checks the content is an image); the request carries their URLs.
 */
export function RefundPhotos({ photos, onChange }: { photos: string[]; onChange: (photos: string[]) => void }) {
  const [isUploading, setIsUploading] = useState(false);
  const add = async () => {
    if (isUploading || photos.length >= REFUND_MAX_PHOTOS) return;
    let picked: string[];
    try {
      picked = (await Taro.chooseImage({ count: REFUND_MAX_PHOTOS - photos.length, sizeType: ['compressed'] })).tempFilePaths;
    } catch {
      return; // cancelled
    }
    setIsUploading(true);
    let next = photos;
    try {
      for (const path of picked) {
        if (next.length >= REFUND_MAX_PHOTOS) break;
        next = [...next, await uploadReviewImage(path)];
        onChange(next);
      }
    } catch (error) {
      toast(error instanceof ApiError ? error.message : '图片上传失败，请重试');
    } finally {
      setIsUploading(false);
    }
  };
  return (
    <View className='refund-photos'>
      {photos.map((url) => (
        <View key={url} className='refund-photos__item'>
          <Image className='refund-photos__image' src={mediaVariantUrl(url, 't')} mode='aspectFill' ariaLabel='退款凭证' />
          <Text className='refund-photos__remove' onClick={() => onChange(photos.filter((each) => each !== url))}>
            ×
          </Text>
        </View>
      ))}
      {photos.length < REFUND_MAX_PHOTOS ? (
        <View className='refund-photos__add' onClick={() => void add()}>
          <Text className='refund-photos__add-text'>{isUploading ? '上传中' : `上传凭证 ${photos.length}/${REFUND_MAX_PHOTOS}`}</Text>
        </View>
      ) : null}
    </View>
  );
}
