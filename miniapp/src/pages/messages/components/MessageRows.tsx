import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { api } from '../../../api';
import { Icon, type IconName } from '../../../components/Icon';
import { askSubscribe, fetchUnreadCount, prefetchSubscribeScene, showUnreadOnTab } from '../../../services/subscribe';
import '../index.css';

function Row({ icon, name, badge, onClick, testId }: { icon: IconName; name: string; badge?: number; onClick: () => void; testId: string }) {
  return (
    <View className='me__row' onClick={onClick} data-testid={testId}>
      <Icon name={icon} size={40} className='me__row-icon' />
      <Text className='me__row-name'>{name}</Text>
      {badge && badge > 0 ? <Text className='message-rows__badge'>{badge > 99 ? '99+' : badge}</Text> : null}
      <Text className='me__row-arrow'>›</Text>
    </View>
  );
}

/**
 * The 消息 rows on 我的: the 消息 center with its unread count (also on the 我的 tab in the mini-program),
 * 订阅提醒 (asks for the member-center subscribe messages; a tap, as WeChat requires) and 消息设置.
 */
export function MessageRows({ isMember, onLoginFirst }: { isMember: boolean; onLoginFirst: (open: () => void) => void }) {
  const [unread, setUnread] = useState(0);
  useDidShow(() => {
    if (!api.isLoggedIn) {
      setUnread(0);
      showUnreadOnTab(0); // a guest (after logout) has no badge on the tab either
      return;
    }
    void prefetchSubscribeScene('member_center').catch(() => undefined);
    void fetchUnreadCount().then(
      (count) => {
        setUnread(count);
        showUnreadOnTab(count);
      },
      () => undefined,
    );
  });
  return (
    <View className='card me__list'>
      <Row
        icon='chat'
        name='消息'
        badge={isMember ? unread : 0}
        testId='me-messages'
        onClick={() => onLoginFirst(() => void Taro.navigateTo({ url: '/pages/messages/index' }))}
      />
      <Row icon='history' name='订阅提醒' testId='me-subscribe' onClick={() => onLoginFirst(() => void askSubscribe('member_center'))} />
      <Row
        icon='privacy'
        name='消息设置'
        testId='me-preferences'
        onClick={() => onLoginFirst(() => void Taro.navigateTo({ url: '/pages/preferences/index' }))}
      />
    </View>
  );
}
