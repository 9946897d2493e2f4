import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { fetchFavoriteState, setFavorite } from '../../api/shopper';
import { startLogin } from '../../lib/login-entry';
import { useSession } from '../../lib/session';
import { Icon } from '../Icon';
import './index.css';

/** H5: the page's own address (any router mode) with the sharer added, for the shopper to paste. */
function h5ShareLink(sharerId: number | null): string {
  const href = typeof window === 'undefined' ? '' : window.location.href;
  if (sharerId === null || /[?&]from=/.test(href)) return href;
  return `${href}${href.includes('?') ? '&' : '?'}from=${sharerId}`;
}

/** 收藏 and 分享 beside a product's title: the heart follows the server; a guest logs in first. */
export function FavoriteShareRow({ productId }: { productId: number }) {
  const { member } = useSession();
  const [isFavorite, setIsFavorite] = useState(false);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    if (!member) {
      setIsFavorite(false);
      return;
    }
    void fetchFavoriteState(productId).then(
      (state) => setIsFavorite(state.isFavorite),
      () => undefined,
    );
  }, [member, productId]);

  const toggle = async () => {
    if (!member) return void startLogin();
    if (isBusy) return;
    setIsBusy(true);
    try {
      const state = await setFavorite(productId, !isFavorite);
      setIsFavorite(state.isFavorite);
      void Taro.showToast({ title: state.isFavorite ? '已收藏' : '已取消收藏', icon: 'none' });
    } catch {
      // The API client showed why.
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <View className='fav-share'>
      <View className='fav-share__item' onClick={() => void toggle()}>
        <Icon name={isFavorite ? 'heart-filled' : 'heart'} size={40} />
        <Text className={`fav-share__label ${isFavorite ? 'fav-share__label--on' : ''}`}>{isFavorite ? '已收藏' : '收藏'}</Text>
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='fav-share__item fav-share__button' openType='share'>
          <Icon name='share' size={40} />
          <Text className='fav-share__label'>分享</Text>
        </Button>
      ) : (
        <View
          className='fav-share__item'
          onClick={() =>
            void Taro.setClipboardData({ data: h5ShareLink(member?.id ?? null) }).then(
              () => Taro.showToast({ title: '链接已复制，快去分享吧', icon: 'none' }),
              () => undefined,
            )
          }
        >
          <Icon name='share' size={40} />
          <Text className='fav-share__label'>分享</Text>
        </View>
      )}
    </View>
  );
}
