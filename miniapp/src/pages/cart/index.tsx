import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { CartLine as CartLineData } from '@siyu/shared';
import { CartLine } from '../../components/CartLine';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ProductRowsSkeleton } from '../../components/Skeleton';
import { cart, useCart } from '../../lib/cart-store';
import { saveCheckoutDraft } from '../../lib/checkout-draft';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { CheckoutBar } from './components/CheckoutBar';
import { PromoCodeEntry } from './components/PromoCodeEntry';
import { useTrackPage } from '../../analytics/track';
import './index.css';

/** The most lines one order takes (the server's limit). */
const MAX_CHECKOUT_LINES = 50;

/** 结算: the selected lines that can be bought go to checkout (lines with too little stock must be fixed first). */
function checkoutSelected(lines: CartLineData[]): void {
  const selected = lines.filter((line) => line.isSelected && (line.availability === 'ok' || line.availability === 'insufficient_stock'));
  if (selected.some((line) => line.availability === 'insufficient_stock')) {
    void Taro.showToast({ title: '部分商品库存不足，请先调整数量', icon: 'none' });
    return;
  }
  if (selected.length > MAX_CHECKOUT_LINES) {
    void Taro.showToast({ title: `一次最多结算 ${MAX_CHECKOUT_LINES} 种商品`, icon: 'none' });
    return;
  }
  saveCheckoutDraft({
    source: 'cart',
    lines: selected.map(({ skuId, productId, quantity, title, image, specs }) => ({ skuId, productId, quantity, title, image, specs })),
  });
  go.checkout();
}

/** 购物车: the member's server cart (or the guest cart on this device), totals and checkout. */
export default function CartPage() {
  useTrackPage('pages/cart/index');
  const { cart: data, isLoading, error } = useCart();
  const { member } = useSession();

  useDidShow(() => {
    void cart.load();
  });
  usePullDownRefresh(() => {
    void cart.load().finally(() => Taro.stopPullDownRefresh());
  });

  const loginHint = member ? null : (
    <View className='cart-page__login'>
      <Text className='cart-page__login-text'>登录后可同步购物车，享会员专享价</Text>
      <Button className='btn btn--primary btn--small' onClick={() => void startLogin()}>
        立即登录
      </Button>
    </View>
  );

  if (!data) {
    return (
      <View className='page cart-page'>
        {loginHint}
        {error && !isLoading ? <ErrorState message={error.message} onRetry={() => void cart.load()} /> : <ProductRowsSkeleton count={3} />}
      </View>
    );
  }
  if (data.lines.length === 0) {
    return (
      <View className='page cart-page'>
        {loginHint}
        <EmptyState picture='cart' title='购物车还是空的' description='挑几件喜欢的好物吧' actionText='去逛逛' onAction={go.home} />
      </View>
    );
  }
  return (
    <View className='page cart-page cart-page--filled'>
      {loginHint}
      <View className='cart-page__head'>
        <Text>共 {data.lines.length} 种商品</Text>
        {error ? <Text className='cart-page__stale'>网络不稳定，显示的可能不是最新</Text> : null}
      </View>
      {data.lines.map((line) => (
        <CartLine
          key={line.skuId}
          line={line}
          onQuantityChange={(target, quantity) => void cart.setQuantity(target, quantity)}
          onSelectedChange={(target, isSelected) => void cart.setSelected(target.skuId, isSelected)}
          onRemove={(target) => {
            void Taro.showModal({ title: '删除商品', content: '确定从购物车删除该商品吗？', confirmColor: '#ee0a24' }).then((result) => {
              if (result.confirm) void cart.remove(target.skuId);
            });
          }}
          onOpen={(target) => go.product(target.productId)}
        />
      ))}
      <PromoCodeEntry />
      <CheckoutBar
        cart={data}
        onSelectAll={(isSelected) => void cart.selectAll(isSelected)}
        onCheckout={() => {
          if (data.totals.selectedLineCount === 0) {
            void Taro.showToast({ title: '请选择要结算的商品', icon: 'none' });
            return;
          }
          if (!member) {
            void startLogin();
            return;
          }
          checkoutSelected(data.lines);
        }}
      />
    </View>
  );
}
