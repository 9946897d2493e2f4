import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useMemo, useRef, useState } from 'react';
import type { Order } from '@siyu/shared';
import { fetchOrders } from '../../api/orders';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { SimPaySheet } from '../../components/SimPaySheet';
import { ProductRowsSkeleton } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { cancelWithConfirm, confirmReceiptWithConfirm, payAndShowResult } from '../../lib/order-actions';
import { orderTabFetcher } from '../../lib/order-pager';
import { orderTab, type OrderTabKey } from '../../lib/order-status';
import { usePagedList } from '../../lib/use-async';
import { OrderCard, type OrderCardActions } from './components/OrderCard';
import { StatusTabs } from './components/StatusTabs';
import { useTrackPage } from '../../analytics/track';
import './index.css';

/** 我的订单: the member's orders by status tab, newest first, with pull-to-refresh and endless scroll. */
export default function OrdersPage() {
  useTrackPage('pages/orders/index');
  const { params } = useRouter();
  const [tab, setTab] = useState<OrderTabKey>(orderTab(params.tab).key);
  const fetcher = useMemo(() => orderTabFetcher(orderTab(tab).statuses, (query) => fetchOrders(query)), [tab]);
  const list = usePagedList<Order>(fetcher, tab);
  const hasShown = useRef(false);

  // Back from an order (paid, cancelled, received there): show the list as it is now.
  useDidShow(() => {
    if (hasShown.current) void list.refresh();
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void list.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  const actions: OrderCardActions = {
    onOpen: (order) => go.order(order.id),
    onPay: (order) => void payAndShowResult(order, { replace: false }),
    onCancel: (order) => void cancelWithConfirm(order).then((updated) => updated && list.refresh()),
    onConfirmReceipt: (order) => void confirmReceiptWithConfirm(order).then((updated) => updated && list.refresh()),
  };

  return (
    <View className='page orders'>
      <StatusTabs active={tab} onChange={setTab} />
      {list.isLoading && list.items.length === 0 ? (
        <ProductRowsSkeleton count={3} />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState message={list.error.message} onRetry={() => void list.refresh()} />
      ) : list.items.length === 0 ? (
        <EmptyState title='暂无相关订单' description='去挑几件喜欢的好物吧' actionText='去逛逛' onAction={go.home} />
      ) : (
        <View className='orders__list'>
          {list.items.map((order) => (
            <OrderCard key={order.id} order={order} actions={actions} />
          ))}
        </View>
      )}
      <ListFooter
        isLoadingMore={list.isLoadingMore}
        hasMore={list.hasMore}
        isFailed={list.isLoadMoreFailed}
        onRetry={() => void list.loadMore()}
        count={list.items.length}
      />
      <SimPaySheet />
    </View>
  );
}
