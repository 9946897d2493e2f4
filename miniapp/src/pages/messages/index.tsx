import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import type { MemberMessageView } from '@siyu/shared';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { usePagedList } from '../../lib/use-async';
import { fetchMessages, markAllMessagesRead, markMessageRead, showUnreadOnTab } from '../../services/subscribe';
import './index.css';

const TAB_PAGES = ['/pages/index/index', '/pages/category/index', '/pages/cart/index', '/pages/me/index'];

/** Opens a message's shop page (a tab page with switchTab). */
function openLink(link: string): void {
  const url = link.startsWith('/') ? link : `/${link}`;
  if (TAB_PAGES.includes(url.split('?')[0] ?? '')) void Taro.switchTab({ url: url.split('?')[0] ?? url });
  else void Taro.navigateTo({ url });
}

function timeOf(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getMonth() + 1}月${date.getDate()}日 ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** 消息: the member's in-app messages, newest first; an unread one has a dot; a tap marks it read and opens its page. */
export default function MessagesPage() {
  const [unread, setUnread] = useState(0);
  const [readIds, setReadIds] = useState<Set<number>>(new Set());
  const list = usePagedList<MemberMessageView>(async (cursor) => {
    const page = await fetchMessages(cursor);
    setUnread(page.unread);
    showUnreadOnTab(page.unread);
    if (cursor === null) setReadIds(new Set());
    return page;
  }, 'messages');

  useDidShow(() => {
    if (!list.isLoading) void list.refresh();
  });
  usePullDownRefresh(() => {
    void list.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  const isRead = (message: MemberMessageView) => message.read || readIds.has(message.id);

  const open = (message: MemberMessageView) => {
    if (!isRead(message)) {
      setReadIds((current) => new Set(current).add(message.id));
      setUnread((count) => Math.max(0, count - 1));
      // The server answers the member's unread count after the read: the tab badge follows it.
      void markMessageRead(message.id).then(
        (answer) => showUnreadOnTab(answer.unread),
        () => undefined,
      );
    }
    if (message.link) openLink(message.link);
  };

  const readAll = async () => {
    try {
      await markAllMessagesRead();
      setReadIds(new Set(list.items.map((message) => message.id)));
      setUnread(0);
      showUnreadOnTab(0);
    } catch {
      // The client toasted why.
    }
  };

  if (list.isLoading && list.items.length === 0) return <View className='page messages messages--loading' />;
  if (list.error && list.items.length === 0) return <ErrorState message={list.error.message} onRetry={() => void list.refresh()} />;
  if (list.items.length === 0) return <EmptyState picture='box' title='暂无消息' description='订单、优惠和会员权益的通知都会出现在这里' />;
  return (
    <View className='page messages'>
      <View className='messages__bar'>
        <Text className='messages__count'>{unread > 0 ? `${unread} 条未读` : '全部已读'}</Text>
        {unread > 0 ? (
          <Text className='messages__read-all' onClick={() => void readAll()}>
            全部已读
          </Text>
        ) : null}
      </View>
      {list.items.map((message) => (
        <View className={`card messages__item${isRead(message) ? '' : ' messages__item--unread'}`} key={message.id} onClick={() => open(message)}>
          <View className='messages__head'>
            {isRead(message) ? null : <View className='messages__dot' />}
            <Text className='messages__title'>{message.title}</Text>
            <Text className='messages__time'>{timeOf(message.createdAt)}</Text>
          </View>
          <Text className='messages__body'>{message.body}</Text>
          {message.link ? <Text className='messages__link'>查看详情 ›</Text> : null}
        </View>
      ))}
      <ListFooter
        isLoadingMore={list.isLoadingMore}
        hasMore={list.hasMore}
        isFailed={list.isLoadMoreFailed}
        onRetry={() => void list.loadMore()}
        count={list.items.length}
      />
    </View>
  );
}
