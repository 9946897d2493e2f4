import { Text, View } from '@tarojs/components';
import type { LiveSessionView } from '@siyu/shared';

/** Shown while a session is live: the title and the host, tapping into the live page. */
export function LiveBanner({ session, onOpen }: { session: LiveSessionView; onOpen: (id: number) => void }) {
  return (
    <View className='live-banner' onClick={() => onOpen(session.id)}>
      <View className='live-banner__badge'>
        <View className='live-banner__dot' />
        <Text>直播中</Text>
      </View>
      <View className='live-banner__body'>
        <Text className='live-banner__title ellipsis-1'>{session.title}</Text>
        <Text className='live-banner__host'>主播 {session.hostName} · 口令下单享专属优惠</Text>
      </View>
      <Text className='live-banner__go'>进入直播间 ›</Text>
    </View>
  );
}
