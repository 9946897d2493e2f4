import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { LiveSessionStatus, LiveSessionView } from '@siyu/shared';
import { streamTarget } from '../stream-target';

async function openStream(session: LiveSessionView): Promise<void> {
  const target = streamTarget(session, process.env.TARO_ENV === 'weapp');
  try {
    if (target.kind === 'channels') {
      await Taro.openChannelsLive(target.feedId ? { finderUserName: target.finderUserName, feedId: target.feedId } : { finderUserName: target.finderUserName });
      return;
    }
    if (target.kind === 'room') {
      await Taro.navigateTo({ url: target.url });
      return;
    }
  } catch {
    void Taro.showToast({ title: '直播间暂时打不开，请稍后再试', icon: 'none' });
    return;
  }
  void Taro.showModal({
    title: '在微信中观看直播',
    content:
      target.reason === 'no_room'
        ? '直播间还在准备中，开播后即可进入观看。本页的直播商品和专属优惠码现在就能用。'
        : '直播在微信里进行：在微信中打开「思语优选」小程序，进入本场直播即可观看。本页的直播商品和专属优惠码在这里同样可用。',
    showCancel: false,
    confirmText: '知道了',
  });
}

/** 观看直播 while the session is live: opens the stream (Channels live or the live room), or says where to watch. */
export function WatchLive({ session, status }: { session: LiveSessionView; status: LiveSessionStatus }) {
  if (status !== 'live') return null;
  return (
    <View className='watch-live'>
      <Button className='btn btn--primary watch-live__button' onClick={() => void openStream(session)}>
        <Text className='watch-live__text'>进入直播间观看</Text>
      </Button>
      {process.env.TARO_ENV === 'weapp' ? null : <Text className='watch-live__note'>直播需在微信中观看，本页商品与优惠码可直接使用</Text>}
    </View>
  );
}
