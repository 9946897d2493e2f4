import { Text, View } from '@tarojs/components';
import type { LiveSessionView } from '@siyu/shared';
import { LIVE_STATUS_NAMES, liveTimeText } from '../live-state';

/** Without a session id: the sessions live now and those coming up this week. */
export function SessionList({ live, upcoming, onOpen }: { live: LiveSessionView[]; upcoming: LiveSessionView[]; onOpen: (id: number) => void }) {
  const row = (session: LiveSessionView, status: 'live' | 'scheduled') => (
    <View className='live-row' key={session.id} onClick={() => onOpen(session.id)}>
      <Text className={`live-row__status live-row__status--${status}`}>{LIVE_STATUS_NAMES[status]}</Text>
      <View className='live-row__body'>
        <Text className='live-row__title ellipsis-1'>{session.title}</Text>
        <Text className='live-row__meta'>
          主播 {session.hostName} · {status === 'live' ? `${liveTimeText(session.endsAt)} 结束` : `${liveTimeText(session.startsAt)} 开播`}
        </Text>
      </View>
      <Text className='live-row__arrow'>›</Text>
    </View>
  );
  return (
    <View>
      {live.length > 0 ? (
        <View className='card live-list'>
          <Text className='live-list__title'>正在直播</Text>
          {live.map((session) => row(session, 'live'))}
        </View>
      ) : null}
      {upcoming.length > 0 ? (
        <View className='card live-list'>
          <Text className='live-list__title'>直播预告</Text>
          {upcoming.map((session) => row(session, 'scheduled'))}
        </View>
      ) : null}
    </View>
  );
}
