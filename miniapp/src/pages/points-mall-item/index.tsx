import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { formatFen, type Address, type Fen, type PointsMallItemView, type PointsMallRedemptionView } from '@siyu/shared';
import { fetchAddresses } from '../../api/orders';
import { fetchMallItem, fetchPointsSummary, newRedeemKey, redeemMallItem } from '../../api/membership';
import { promotionPages } from '../../api/promotions';
import { AddressCard } from '../../components/AddressCard';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ProductImage } from '../../components/ProductImage';
import { SimPaySheet } from '../../components/SimPaySheet';
import { DetailSkeleton } from '../../components/Skeleton';
import { TierBadge, formatCount, tierName } from '../../components/TierBadge';
import { takeChosenAddress } from '../../lib/address-choice';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { payAndShowResult } from '../../lib/order-actions';
import { useSession } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { mallPriceText, mallStockText, redeemButton } from '../points-mall/redeem-state';
import { attemptFor, isOutcomeUnknown, type RedeemAttempt } from './redeem-attempt';
import './index.css';

/** What happens after redeeming this kind of item. */
function howItWorks(item: PointsMallItemView): string[] {
  if (item.kind === 'coupon') return ['兑换成功后，优惠券立即发放到「我的-我的优惠券」', '优惠券的使用门槛与有效期以券面为准', '积分兑换后不可退回'];
  const lines = ['实物商品，兑换后包邮寄送到你选择的收货地址'];
  if (item.cashFen > 0) lines.push(`需另付 ${formatFen(item.cashFen as Fen)}，兑换后请尽快完成支付，超时未付订单将自动取消并退回积分`);
  lines.push('发货后可在「我的订单」查看物流');
  return lines;
}

/**
 * 兑换详情: the item (points price, cash part, stock, limit, tier requirement), the member's points, the
 * address for goods, and 立即兑换 after a confirmation. A coupon lands in 我的优惠券; goods become an
 * order (free, or a cash part paid like any order).
 */
export default function PointsMallItemPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { member } = useSession();
  const memberKey = member?.id ?? 'guest';
  const item = useAsync(() => fetchMallItem(id), `mall-item-${id}-${memberKey}`);
  const points = useAsync(() => (member ? fetchPointsSummary() : Promise.resolve(null)), `mall-item-points-${memberKey}`);
  const [address, setAddress] = useState<Address | null>(null);
  const [isRedeeming, setIsRedeeming] = useState(false);
  const attempt = useRef<RedeemAttempt | null>(null);
  const hasShown = useRef(false);

  useDidShow(() => {
    if (hasShown.current) void Promise.all([item.reload(), points.reload()]);
    hasShown.current = true;
    const chosen = takeChosenAddress();
    if (chosen) setAddress(chosen);
    else if (member)
      void fetchAddresses().then(
        (items) => setAddress((current) => items.find((entry) => entry.id === current?.id) ?? items.find((entry) => entry.isDefault) ?? items[0] ?? null),
        () => undefined,
      );
  });

  const data = item.data;
  if (item.isLoading && !data) return <DetailSkeleton />;
  if (!data) {
    return item.error?.code === 'POINTS_MALL_ITEM_NOT_FOUND' || item.error?.status === 404 ? (
      <EmptyState title='该商品已下架' description='去积分商城看看其他好礼吧' actionText='返回' onAction={() => void Taro.navigateBack()} />
    ) : (
      <ErrorState message={item.error?.message} onRetry={() => void item.reload()} />
    );
  }

  const available = points.data?.available ?? null;
  const button = redeemButton(data, { isLoggedIn: member !== null, available });
  const isGoods = data.kind === 'goods';
  const pickAddress = () => (address ? go.addresses({ select: true, selectedId: address.id }) : go.addressEdit({ choose: true, back: 1, isFirst: true }));

  const done = async (redemption: PointsMallRedemptionView) => {
    if (redemption.status === 'pending_payment' && redemption.orderId !== null) {
      // The points are held; the cash part is paid like any order (unpaid: the order page offers 去支付).
      if (!(await payAndShowResult({ id: redemption.orderId, payableFen: redemption.cashFen }, { replace: true })))
        go.order(redemption.orderId, { replace: true });
      return;
    }
    void Promise.all([item.reload(), points.reload()]);
    const { confirm } = await Taro.showModal({
      title: '兑换成功',
      content: redemption.orderId !== null ? '商品将尽快为你包邮发出' : '优惠券已发放到「我的优惠券」',
      confirmText: redemption.orderId !== null ? '查看订单' : '去查看',
      cancelText: '继续逛',
      confirmColor: '#ee0a24',
    });
    if (!confirm) return;
    if (redemption.orderId !== null) go.order(redemption.orderId);
    else promotionPages.myCoupons();
  };

  const redeem = async () => {
    if (!button.isEnabled || isRedeeming) return;
    if (button.needsLogin) {
      void startLogin();
      return;
    }
    if (isGoods && !address) {
      void Taro.showToast({ title: '请先选择收货地址', icon: 'none' });
      pickAddress();
      return;
    }
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      content: `确定用 ${mallPriceText(data)} 兑换「${data.title}」吗？`,
      confirmText: '确认兑换',
      confirmColor: '#ee0a24',
    });
    if (!confirm) return;
    const addressId = isGoods ? address?.id : undefined;
    attempt.current = attemptFor(attempt.current, data.id, addressId, newRedeemKey);
    setIsRedeeming(true);
    try {
      const redemption = await redeemMallItem(data.id, attempt.current.key, addressId);
      attempt.current = null;
      await done(redemption);
    } catch (error) {
      // Refused (sold out, limit, points): a new attempt gets a new key. No answer: the retry reuses it.
      if (!isOutcomeUnknown(error)) attempt.current = null;
      void Promise.all([item.reload(), points.reload()]);
    } finally {
      setIsRedeeming(false);
    }
  };

  return (
    <View className='page mall-item'>
      {isGoods ? (
        <ProductImage className='mall-item__image' src={data.image} title={data.title} isLazy={false} />
      ) : (
        <View className='mall-item__ticket'>
          <Text className='mall-item__ticket-glyph'>券</Text>
          <Text className='mall-item__ticket-title'>{data.title}</Text>
        </View>
      )}
      <View className='mall-item__info'>
        <Text className='mall-item__price'>{mallPriceText(data)}</Text>
        <View className='mall-item__title-row'>
          {data.minTier ? <TierBadge tierCode={data.minTier} suffix='专享' className='mall-item__tier' /> : null}
          <Text className='mall-item__title'>{data.title}</Text>
        </View>
        <Text className='mall-item__stock'>{mallStockText(data)}</Text>
        {data.minTier ? <Text className='mall-item__need'>{tierName(data.minTier)}及以上会员可兑换</Text> : null}
      </View>
      {member ? (
        <View className='card mall-item__mine'>
          <Text>我的可用积分</Text>
          <Text className={`mall-item__mine-points ${available !== null && available < data.pointsPrice ? 'mall-item__mine-points--short' : ''}`}>
            {available === null ? '—' : formatCount(available)}
          </Text>
        </View>
      ) : null}
      {isGoods && member ? (
        <View className='card mall-item__address'>
          <Text className='mall-item__section-title'>收货地址</Text>
          {address ? (
            <AddressCard address={address} hasArrow onClick={pickAddress} />
          ) : (
            <View className='mall-item__address-add' onClick={pickAddress}>
              <Text>+ 添加收货地址</Text>
              <Text className='mall-item__arrow'>›</Text>
            </View>
          )}
        </View>
      ) : null}
      <View className='card mall-item__rules'>
        <Text className='mall-item__section-title'>兑换说明</Text>
        {howItWorks(data).map((line) => (
          <Text className='mall-item__rule' key={line}>
            · {line}
          </Text>
        ))}
      </View>
      <View className='mall-item__bar'>
        <View className='mall-item__bar-sum'>
          <Text className='mall-item__bar-label'>需</Text>
          <Text className='mall-item__bar-price'>{mallPriceText(data)}</Text>
        </View>
        <Button
          className={`btn ${button.isEnabled && !isRedeeming ? 'btn--primary' : 'btn--disabled'} mall-item__button`}
          disabled={!button.isEnabled || isRedeeming}
          onClick={() => void redeem()}
        >
          {isRedeeming ? '兑换中…' : button.label}
        </Button>
      </View>
      <SimPaySheet />
    </View>
  );
}
