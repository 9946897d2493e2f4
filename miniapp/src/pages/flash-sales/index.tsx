import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { FlashSaleView } from '@siyu/shared';
import { fetchFlashSales } from '../../api/promotions';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ProductRowsSkeleton } from '../../components/Skeleton';
import { saveCheckoutDraft } from '../../lib/checkout-draft';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { FlashSaleCard } from './components/FlashSaleCard';
import './index.css';

const TABS = [
  { key: 'ongoing', name: '正在抢购' },
  { key: 'upcoming', name: '即将开始' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/** 限时秒杀: 正在抢购 / 即将开始, each sale with its countdown on the server's clock and its button. */
export default function FlashSalesPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<TabKey>(params.tab === 'upcoming' ? 'upcoming' : 'ongoing');
  const list = useAsync(() => fetchFlashSales(tab), `flash-${tab}`);
  const { member } = useSession();

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  /** 马上抢: straight to checkout with one unit of the SKU; the server prices it at the flash price. */
  const grab = (sale: FlashSaleView) => {
    if (!member) {
      void startLogin();
      return;
    }
    saveCheckoutDraft({
      source: 'buy_now',
      lines: [{ skuId: sale.skuId, productId: sale.productId, quantity: 1, title: sale.productTitle, image: sale.image, specs: sale.specs }],
    });
    go.checkout();
  };

  const data = list.data;
  return (
    <View className='page flash-page'>
      <View className='flash-page__hero'>
        <Text className='flash-page__title'>限时秒杀</Text>
        <Text className='flash-page__slogan'>会员专享 · 限量抢购 · 手慢无</Text>
      </View>
      <View className='flash-page__tabs' role='tablist'>
        {TABS.map((entry) => (
          <View
            key={entry.key}
            role='tab'
            aria-selected={entry.key === tab}
            className={`flash-page__tab ${entry.key === tab ? 'flash-page__tab--on' : ''}`}
            onClick={() => setTab(entry.key)}
          >
            <Text>{entry.name}</Text>
          </View>
        ))}
      </View>
      {list.isLoading && !data ? (
        <ProductRowsSkeleton count={3} />
      ) : list.error && !data ? (
        <ErrorState message={list.error.message} onRetry={() => void list.reload()} />
      ) : !data || data.items.length === 0 ? (
        <EmptyState
          title={tab === 'ongoing' ? '当前没有进行中的秒杀' : '暂无即将开始的秒杀'}
          description={tab === 'ongoing' ? '看看即将开始的场次，提前做好准备' : '新场次会提前三天公布'}
          actionText={tab === 'ongoing' ? '看即将开始' : '去逛逛'}
          onAction={tab === 'ongoing' ? () => setTab('upcoming') : go.home}
        />
      ) : (
        <View className='flash-page__list'>
          {data.items.map((sale) => (
            <FlashSaleCard
              key={sale.id}
              sale={sale}
              offsetMs={data.clockOffsetMs}
              onGrab={grab}
              onOpen={(target) => go.product(target.productId)}
              onEnded={() => void list.reload()}
            />
          ))}
        </View>
      )}
    </View>
  );
}
