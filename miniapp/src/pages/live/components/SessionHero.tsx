import { Text, View } from '@tarojs/components';
import { LIVE_PLATFORM_NAMES, type LiveSessionStatus, type LiveSessionView } from '@siyu/shared';
import { Countdown } from '../../../components/Countdown';
import { LIVE_STATUS_NAMES, liveTimeText } from '../live-state';

/** The top of the live page: status, title, host, and the countdown to the start or the end. */
export function SessionHero({
  session,
  status,
  offsetMs,
  onPhaseEnd,
}: {
  session: LiveSessionView;
  status: LiveSessionStatus;
  offsetMs: number;
  onPhaseEnd: () => void;
}) {
  return (
    <View className={`live-hero live-hero--${status}`}>
      <View className='live-hero__top'>
        <View className={`live-hero__status live-hero__status--${status}`}>
          {status === 'live' ? <View className='live-hero__dot' /> : null}
          <Text>{LIVE_STATUS_NAMES[status]}</Text>
        </View>
        <Text className='live-hero__platform'>{LIVE_PLATFORM_NAMES[session.platform]}</Text>
      </View>
      <Text className='live-hero__title'>{session.title}</Text>
      <View className='live-hero__host'>
        <View className='live-hero__avatar'>
          <Text>{Array.from(session.hostName)[0] ?? '主'}</Text>
        </View>
        <Text className='live-hero__host-name'>主播 {session.hostName}</Text>
      </View>
      <View className='live-hero__time'>
        {status === 'scheduled' ? (
          <>
            <Text className='live-hero__when'>{liveTimeText(session.startsAt)} 开播</Text>
            <Countdown until={session.startsAt} offsetMs={offsetMs} label='距开播' onEnd={onPhaseEnd} className='live-hero__countdown' />
          </>
        ) : status === 'live' ? (
          <Countdown until={session.endsAt} offsetMs={offsetMs} label='距结束' onEnd={onPhaseEnd} className='live-hero__countdown' />
        ) : (
          <Text className='live-hero__when'>本场直播已结束，感谢观看</Text>
        )}
      </View>
    </View>
  );
}
