import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { formatFen, type Fen } from '@siyu/shared';
import { fetchOrder } from '../../api/orders';
import { fetchOrderRefunds } from '../../api/refunds';
import { reviewPages } from '../../api/reviews';
import { AddressCard } from '../../components/AddressCard';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { OrderLineRow } from '../../components/OrderLineRow';
import { PriceSummary } from '../../components/PriceSummary';
import { SimPaySheet } from '../../components/SimPaySheet';
import { DetailSkeleton } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { cancelWithConfirm, confirmReceiptWithConfirm, payAndShowResult } from '../../lib/order-actions';
import { itemCount, orderTimeline } from '../../lib/order-status';
import { canRequestRefund } from '../../lib/refund';
import { useAsync } from '../../lib/use-async';
import { useCountdown } from '../../lib/use-countdown';
import { OrderInfo } from './components/OrderInfo';
import { RefundRecords } from './components/RefundRecords';
import { RefundSheet } from './components/RefundSheet';
import { StatusHeader } from './components/StatusHeader';
import { Timeline } from './components/Timeline';
import './index.css';

/** How long after the payment window the page asks again (the server's sweeper closes the order). */
const EXPIRY_RECHECK_MS = 3000;

/** 订单详情: status (with the time left to pay), address, lines, amounts with their explanation, progress, and the next step. */
export default function OrderPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const order = useAsync(() => fetchOrder(id), `order-${id}`);
  const refunds = useAsync(() => fetchOrderRefunds(id), `refunds-${id}`);
  const data = order.data;
  const [isRefunding, setIsRefunding] = useState(false);
  const remainingMs = useCountdown(data?.status === 'pending_payment' ? data.paymentExpiresAt : null);
  const hasShown = useRef(false);

  const reloadAll = () => Promise.all([order.reload(), refunds.reload()]);
  useDidShow(() => {
    if (hasShown.current) void reloadAll();
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void reloadAll().finally(() => Taro.stopPullDownRefresh());
  });
  const { reload } = order;
  const isExpired = remainingMs === 0;
  useEffect(() => {
    if (!isExpired) return undefined;
    const timer = setTimeout(() => void reload(), EXPIRY_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [isExpired, reload]);

  if (order.isLoading && !data) return <DetailSkeleton />;
  if (order.error && !data) {
    return order.error.status === 404 || order.error.code === 'VALIDATION_FAILED' ? (
      <EmptyState title='订单不存在' description='看看其他订单吧' actionText='我的订单' onAction={() => go.orders()} />
    ) : (
      <ErrorState message={order.error.message} onRetry={() => void order.reload()} />
    );
  }
  if (!data) return null;

  const isPending = data.status === 'pending_payment';
  const canPay = isPending && !isExpired;
  // Offered only once the refunds are known: an open request rules out another one.
  const canRefund = refunds.data !== null && canRequestRefund(data, refunds.data);
  // Received orders are reviewed line by line in the 评价中心 (once per line).
  const canReview = data.status === 'completed' || data.status === 'partially_refunded';
  const hasActions = isPending || data.status === 'shipped' || canRefund || canReview;
  const afterChange = (updated: unknown) => {
    if (updated) void order.reload();
  };
  const afterRefund = () => {
    setIsRefunding(false);
    void Taro.showToast({ title: '退款申请已提交', icon: 'none' });
    void reloadAll();
  };

  return (
    <View className={`page order-page ${hasActions ? 'order-page--with-bar' : ''}`}>
      <StatusHeader order={data} remainingMs={remainingMs} />
      <View className='card order-page__address'>
        <AddressCard address={data.address} />
      </View>
      <View className='card'>
        <View className='order-page__shop'>
          <Text className='order-page__shop-name'>思语优选</Text>
        </View>
        {data.lines.map((line) => (
          <OrderLineRow key={line.lineNo} line={line} onClick={() => go.product(line.productId)} />
        ))}
      </View>
      <View className='card'>
        <PriceSummary
          goodsSubtotalFen={data.goodsSubtotalFen}
          discountFen={data.discountFen}
          shippingFeeFen={data.shippingFen}
          payableFen={data.payableFen}
          explanation={data.explanation}
          itemCount={itemCount(data)}
          payableLabel={data.paidAt ? '实付款' : '需付款'}
        />
        {data.refundedFen > 0 ? <Text className='order-page__refunded'>已退款 {formatFen(data.refundedFen as Fen)}</Text> : null}
      </View>
      {refunds.data && refunds.data.length > 0 ? (
        <View className='card'>
          <Text className='order-page__section'>退款记录</Text>
          <RefundRecords refunds={refunds.data} lines={data.lines} onChanged={() => void reloadAll()} />
        </View>
      ) : null}
      <View className='card'>
        <Text className='order-page__section'>订单信息</Text>
        <OrderInfo order={data} />
      </View>
      <View className='card'>
        <Text className='order-page__section'>订单进度</Text>
        <Timeline steps={orderTimeline(data)} />
      </View>
      {hasActions ? (
        <View className='order-bar'>
          {isPending ? (
            <>
              <Button className='btn btn--small order-bar__ghost' onClick={() => void cancelWithConfirm(data).then(afterChange)}>
                取消订单
              </Button>
              <Button
                className={`btn btn--small ${canPay ? 'btn--primary' : 'btn--disabled'}`}
                onClick={() => canPay && void payAndShowResult(data, { replace: true })}
              >
                去支付 {formatFen(data.payableFen as Fen)}
              </Button>
            </>
          ) : (
            <>
              {canRefund ? (
                <Button className='btn btn--small order-bar__ghost' onClick={() => setIsRefunding(true)}>
                  申请退款
                </Button>
              ) : null}
              {canReview ? (
                <Button className='btn btn--small btn--primary' onClick={() => reviewPages.center('to-write')}>
                  评价晒单
                </Button>
              ) : null}
              {data.status === 'shipped' ? (
                <Button className='btn btn--small btn--primary' onClick={() => void confirmReceiptWithConfirm(data).then(afterChange)}>
                  确认收货
                </Button>
              ) : null}
            </>
          )}
        </View>
      ) : null}
      {isRefunding && canRefund ? <RefundSheet order={data} onClose={() => setIsRefunding(false)} onSubmitted={afterRefund} /> : null}
      <SimPaySheet />
    </View>
  );
}
