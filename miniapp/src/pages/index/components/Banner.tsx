import { Swiper, SwiperItem, Text, View } from '@tarojs/components';

const SLIDES = [
  { title: '会员专享价', subtitle: '入会即享私域价，等级越高越优惠', tone: 'red', q: '' },
  { title: '新人尝鲜 ¥9.90 起', subtitle: '小份量先试再囤，每人限购 2 件', tone: 'orange', q: '尝鲜' },
  { title: '营养早餐季', subtitle: '牛奶 · 麦片 · 坚果，一站配齐', tone: 'green', q: '早餐' },
] as const;

/** The home page's promotion carousel (drawn, no remote pictures). */
export function Banner({ onOpen }: { onOpen: (q: string) => void }) {
  return (
    <View className='home-banner'>
      <Swiper
        className='home-banner__swiper'
        circular
        autoplay
        interval={4000}
        indicatorDots
        indicatorColor='rgba(255,255,255,0.5)'
        indicatorActiveColor='#ffffff'
      >
        {SLIDES.map((slide) => (
          <SwiperItem key={slide.title}>
            <View className={`home-banner__slide home-banner__slide--${slide.tone}`} onClick={() => onOpen(slide.q)}>
              <Text className='home-banner__title'>{slide.title}</Text>
              <Text className='home-banner__subtitle'>{slide.subtitle}</Text>
              <Text className='home-banner__cta'>立即查看</Text>
              <View className='home-banner__orb home-banner__orb--a' />
              <View className='home-banner__orb home-banner__orb--b' />
            </View>
          </SwiperItem>
        ))}
      </Swiper>
    </View>
  );
}
