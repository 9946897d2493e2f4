import { Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ProductImage } from '../../../components/ProductImage';

/** The product's pictures in a swiper with a "2/3" counter. */
export function Gallery({ images, title }: { images: string[]; title: string }) {
  const [index, setIndex] = useState(0);
  const pictures = images.length > 0 ? images : [null];
  return (
    <View className='gallery'>
      <Swiper className='gallery__swiper' circular onChange={(event) => setIndex(event.detail.current)}>
        {pictures.map((src, i) => (
          <SwiperItem key={src ?? i}>
            <ProductImage className='gallery__image' src={src} title={title} isLazy={i > 0} variant='w' />
          </SwiperItem>
        ))}
      </Swiper>
      {pictures.length > 1 ? (
        <Text className='gallery__counter'>
          {index + 1}/{pictures.length}
        </Text>
      ) : null}
    </View>
  );
}
