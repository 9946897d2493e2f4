import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatFen, type Fen, type Order } from '@siyu/shared';
import { fetchOrder } from '../../api/orders';
import { cart } from '../../lib/cart-store';
import { go } from '../../lib/navigation';
import { askSubscribe, prefetchSubscribeScene } from '../../services/subscribe';
import { OrderRewardsCard } from './components/OrderRewardsCard';
import { Recommendations } from './components/Recommendations';
import './index.css';

/** How often and how long the page asks before it offers a manual refresh (WeChat's notice is usually quick). */
const POLL_INTERVAL_MS = 1500;
const POLL_ATTEMPTS = 20;

type Phase = 'checking' | 'paid' | 'closed' | 'unknown';

function phaseOf(order: Order | null): Phase {
  if (!order || order.status === 'pending_payment') return 'checking';
  return order.status === 'cancelled' ? 'closed' : 'paid';
}

const TITLES: Record<Phase, string> = {
  checking: '正在确认支付结果…',
  paid: '支付成功',
  closed: '订单已关闭',
  unknown: '暂未查到支付结果',
};

/**
 * 支付结果: the server learns of a payment from WeChat's notification, not from the app, so this page
 * asks for the order until it is no longer unpaid, then says so. If that takes too long it says what to do.
 * Once paid it shows what the order earned (from the ledgers) and recommends more products.
 */
export default function PayResultPage() {
  const { params } = useRouter();
  const orderId = Number(params.orderId);
  const [order, setOrder] = useState<Order | null>(null);
  const [phase, setPhase] = useState<Phase>('checking');
  const run = useRef(0);

  const poll = useCallback(async () => {
    const mine = ++run.current;
    setPhase('checking');
    for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      if (mine !== run.current) return;
      const latest = await fetchOrder(orderId).catch(() => null);
      if (mine !== run.current) return;
      if (latest) setOrder(latest);
      const next = phaseOf(latest);
      if (next !== 'checking') {
        setPhase(next);
        if (next === 'paid') cart.refreshBadge();
        return;
      }
    }
    setPhase('unknown');
  }, [orderId]);

  useEffect(() => {
    void prefetchSubscribeScene('payment').catch(() => undefined);
    void poll();
    return () => {
      run.current += 1;
    };
  }, [poll]);

  return (
    <View className='page pay-result'>
      <View className={`pay-result__icon pay-result__icon--${phase}`}>
        <Text>{phase === 'paid' ? '✓' : phase === 'closed' ? '×' : '…'}</Text>
      </View>
      <Text className='pay-result__title'>{TITLES[phase]}</Text>
      {order ? <Text className='pay-result__amount'>{formatFen(order.payableFen as Fen)}</Text> : null}
      <Text className='pay-result__note'>
        {phase === 'paid'
          ? '商家将尽快为你发货，可在订单中查看进度'
          : phase === 'unknown'
            ? '如已付款，请稍后在订单中查看，无需重复支付'
            : phase === 'closed'
              ? '订单已取消，如有扣款将原路退回'
              : '请稍候，正在等待微信支付通知'}
      </Text>
      <View className='pay-result__actions'>
        {phase === 'unknown' ? (
          <Button className='btn btn--primary pay-result__button' onClick={() => void poll()}>
            刷新结果
          </Button>
        ) : null}
        <Button
          className={`btn ${phase === 'unknown' ? 'btn--plain' : 'btn--primary'} pay-result__button`}
          onClick={() => go.order(orderId, { replace: true })}
        >
          查看订单
        </Button>
        <Button className='btn btn--plain pay-result__button' onClick={go.home}>
          继续逛逛
        </Button>
      </View>
      {phase === 'paid' ? (
        <View
          className='card pay-result__subscribe'
          style={{ margin: '24px 0 0', padding: '24px', fontSize: '26px', color: '#1989fa', textAlign: 'center' }}
          data-testid='pay-subscribe'
          onClick={() => void askSubscribe('payment')}
        >
          <Text>订阅发货、物流提醒，第一时间收到微信通知 ›</Text>
        </View>
      ) : null}
      {phase === 'paid' ? <OrderRewardsCard orderId={orderId} /> : null}
      {phase === 'checking' ? null : <Recommendations excludeIds={order?.lines.map((line) => line.productId) ?? []} />}
    </View>
  );
}
