import { Text, View } from '@tarojs/components';
import { useDidHide, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { TIER_CODES, TIER_NAMES } from '@siyu/shared';
import { flushBehaviour, recordProductView } from '../../api/behaviour';
import { fetchProduct } from '../../api/shop';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { FavoriteShareRow } from '../../components/FavoriteShareRow';
import { PriceBlock } from '../../components/PriceBlock';
import { PriceNoteLink } from '../../components/PriceNoteLink';
import { ProductTags } from '../../components/ProductTags';
import { ReviewSummary } from '../../components/ReviewSummary';
import { Sheet } from '../../components/Sheet';
import { SkuPicker } from '../../components/SkuPicker';
import { TierUpsell } from '../../components/TierUpsell';
import { findSku, initialSelection, type SpecSelection } from '../../components/SkuPicker/sku-selection';
import { DetailSkeleton } from '../../components/Skeleton';
import { cart, useCart } from '../../lib/cart-store';
import { saveCheckoutDraft } from '../../lib/checkout-draft';
import { salesText, specsText } from '../../lib/format';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { usePageShare } from '../../lib/share';
import { useAsync } from '../../lib/use-async';
import { fetchRestockWatch, prefetchSubscribeScene, watchRestock } from '../../services/subscribe';
import { ActionBar } from './components/ActionBar';
import { Description } from './components/Description';
import { Gallery } from './components/Gallery';
import { trackAddToCart, useTrackPage } from '../../analytics/track';
import './index.css';

type SheetIntent = 'choose' | 'add' | 'buy' | null;

/** 商品详情: pictures, price block, role badge, SKU picker, limits, description, add to cart. */
export default function ProductPage() {
  useTrackPage('pages/product/index');
  const { params } = useRouter();
  const id = Number(params.id);
  const product = useAsync(() => fetchProduct(id), `product-${id}`);
  const { member } = useSession();
  const cartState = useCart();
  const [selection, setSelection] = useState<SpecSelection>({});
  const [quantity, setQuantity] = useState(1);
  const [intent, setIntent] = useState<SheetIntent>(null);
  const data = product.data;
  usePageShare('pages/product/index', () => (data ? { title: data.title, params: { id: data.id }, imageUrl: data.images[0] ?? data.image } : null));

  useEffect(() => {
    if (data) setSelection(initialSelection(data.skus));
  }, [data]);
  // A product view (customer data: "viewed and not bought"), once per product shown; queued, sent batched.
  const viewedId = data?.id;
  useEffect(() => {
    if (viewedId !== undefined) recordProductView(viewedId);
  }, [viewedId]);
  useDidHide(flushBehaviour);
  // 到货提醒 on a sold-out product: the restock templates are fetched first, so the tap can ask at once.
  const [isWatching, setIsWatching] = useState(false);
  const isSoldOut = data?.isSoldOut === true;
  const memberId = member?.id;
  useEffect(() => {
    if (!isSoldOut || viewedId === undefined) return;
    void prefetchSubscribeScene('restock').catch(() => undefined);
    if (memberId !== undefined) void fetchRestockWatch(viewedId).then(setIsWatching, () => undefined);
  }, [isSoldOut, viewedId, memberId]);

  if (product.isLoading && !data) return <DetailSkeleton />;
  if (product.error && !data) {
    return product.error.status === 404 || product.error.code === 'VALIDATION_FAILED' ? (
      <EmptyState title='商品不存在或已下架' description='去看看其他好物吧' actionText='返回首页' onAction={go.home} />
    ) : (
      <ErrorState message={product.error.message} onRetry={() => void product.reload()} />
    );
  }
  if (!data) return null;

  const specNames = data.specOptions.map((option) => option.name);
  const sku = findSku(data.skus, specNames, selection);
  const shown = sku ?? null;
  const limits = [...new Set(data.skus.map((candidate) => candidate.purchaseLimit).filter((limit): limit is number => limit !== null))];
  // A SKU priced for the member's tier is named after it ("钻石价"); an exclusive SKU says whose it is.
  const tierPriceLabel = member ? `${TIER_NAMES[member.tierCode]}价` : null;
  const isTierPrice = shown?.priceSource === 'tier' && tierPriceLabel !== null;
  const exclusiveBadge = shown?.minTier ? `${TIER_NAMES[shown.minTier]}专享` : null;
  const exclusiveTier = TIER_CODES.find((code) => data.skus.some((candidate) => candidate.minTier === code)) ?? null;
  const cartCount = (cartState.cart?.lines ?? []).reduce((total, line) => total + line.quantity, 0);

  const confirm = async (action: 'add' | 'buy') => {
    if (!sku) {
      setIntent(action);
      return;
    }
    if (action === 'buy') {
      buyNow(sku);
      return;
    }
    if (await cart.add(data, sku.id, quantity)) {
      trackAddToCart(data.id, sku.id, quantity);
      setIntent(null);
    }
  };

  /** 立即购买: straight to checkout with this SKU (the cart is left as it is); members only. */
  const buyNow = (chosen: NonNullable<typeof sku>) => {
    if (!member) {
      void startLogin();
      return;
    }
    saveCheckoutDraft({
      source: 'buy_now',
      lines: [{ skuId: chosen.id, productId: data.id, quantity, title: data.title, image: data.images[0] ?? null, specs: chosen.specs }],
    });
    setIntent(null);
    go.checkout();
  };

  /** 到货提醒: members only (the grant and the watch are theirs). */
  const notifyRestock = () => {
    if (!member) {
      void startLogin();
      return;
    }
    void watchRestock(data.id).then(
      () => setIsWatching(true),
      () => undefined,
    );
  };

  return (
    <View className='product-page'>
      <Gallery images={data.images} title={data.title} />
      <PriceBlock
        priceFen={shown?.priceFen ?? data.priceFen}
        publicPriceFen={shown?.publicPriceFen ?? data.publicPriceFen}
        savingFen={shown?.savingFen ?? data.savingFen}
        label={isTierPrice && tierPriceLabel ? tierPriceLabel : '专享价'}
        isTierPrice={isTierPrice}
        exclusiveBadge={exclusiveBadge}
        isFrom={!shown && data.skus.length > 1}
      />
      <PriceNoteLink hasStruckPrice={(shown?.publicPriceFen ?? data.publicPriceFen) > (shown?.priceFen ?? data.priceFen)} />
      <TierUpsell productId={data.id} skuId={shown?.id ?? null} memberKey={String(member?.id ?? 'guest')} />
      <View className='product-page__info'>
        <View className='product-page__title-row'>
          <View className='product-page__title'>
            <ProductTags tags={data.tags} />
            <Text>{data.title}</Text>
          </View>
          <FavoriteShareRow productId={data.id} />
        </View>
        {data.subtitle ? <Text className='product-page__subtitle'>{data.subtitle}</Text> : null}
        <View className='product-page__stats'>
          <Text>已售 {salesText(data.salesCount)}</Text>
          <Text>{data.isSoldOut ? '暂时缺货' : '现货 · 48小时内发货'}</Text>
        </View>
      </View>
      <View className='product-page__cells'>
        <View className='product-page__cell' onClick={() => setIntent('choose')}>
          <Text className='product-page__cell-name'>已选</Text>
          <Text className='product-page__cell-value ellipsis-1'>{sku ? `${specsText(sku.specs)}，${quantity} 件` : `请选择 ${specNames.join(' / ')}`}</Text>
          <Text className='product-page__cell-arrow'>›</Text>
        </View>
        {limits.length > 0 ? (
          <View className='product-page__cell'>
            <Text className='product-page__cell-name'>限购</Text>
            <Text className='product-page__cell-value product-page__cell-value--warn'>每人限购 {Math.min(...limits)} 件</Text>
          </View>
        ) : null}
        {exclusiveTier ? (
          <View className='product-page__cell'>
            <Text className='product-page__cell-name'>专享</Text>
            <Text className='product-page__cell-value product-page__cell-value--exclusive'>含{TIER_NAMES[exclusiveTier]}会员专享规格</Text>
          </View>
        ) : null}
        <View className='product-page__cell'>
          <Text className='product-page__cell-name'>保障</Text>
          <Text className='product-page__cell-value'>正品保障 · 会员专享价 · 售后无忧</Text>
        </View>
      </View>
      <ReviewSummary productId={data.id} />
      <View className='product-page__detail'>
        <Text className='product-page__detail-title'>商品详情</Text>
        <Description text={data.description} />
      </View>
      <ActionBar
        cartCount={cartCount}
        isSoldOut={data.isSoldOut}
        isWatching={isWatching}
        onHome={go.home}
        onCart={go.cart}
        onAdd={() => setIntent('add')}
        onBuy={() => setIntent('buy')}
        onNotify={notifyRestock}
      />
      <Sheet
        isOpen={intent !== null}
        onClose={() => setIntent(null)}
        footer={
          sku && !sku.isSoldOut ? (
            <View className='product-page__sheet-buttons'>
              <View className='btn btn--warm product-page__sheet-left' onClick={() => void confirm('add')}>
                加入购物车
              </View>
              <View className='btn btn--primary product-page__sheet-right' onClick={() => void confirm('buy')}>
                立即购买
              </View>
            </View>
          ) : (
            <View className='btn btn--disabled product-page__sheet-full'>{sku ? '该规格已售罄' : '请选择规格'}</View>
          )
        }
      >
        <SkuPicker
          product={data}
          selection={selection}
          quantity={quantity}
          tierPriceLabel={tierPriceLabel}
          onSelectionChange={(next) => {
            setSelection(next);
            setQuantity(1);
          }}
          onQuantityChange={setQuantity}
        />
      </Sheet>
    </View>
  );
}
