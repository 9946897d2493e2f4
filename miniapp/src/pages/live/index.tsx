import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { fetchLiveSession, fetchLiveSessionByScene, fetchLiveSessions, promotionPages, type LiveSessionList, type LiveSessionPage } from '../../api/promotions';
import { useServerNow } from '../../components/Countdown';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { DetailSkeleton } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { useAsync } from '../../lib/use-async';
import { PromoCodeCard } from './components/PromoCodeCard';
import { SessionHero } from './components/SessionHero';
import { SessionList } from './components/SessionList';
import { SessionProducts } from './components/SessionProducts';
import { WatchLive } from './components/WatchLive';
import { liveSceneOf, liveStatus } from './live-state';
import './index.css';

type Loaded = { kind: 'session'; page: LiveSessionPage } | { kind: 'list'; list: LiveSessionList };

/** What the page was opened with: a session id, a QR scene (`live=12`), or nothing (the list). */
function loaderOf(params: Partial<Record<string, string>>): { key: string; load: () => Promise<Loaded> } {
  const id = Number(params.id);
  if (Number.isSafeInteger(id) && id > 0) return { key: `live-${id}`, load: async () => ({ kind: 'session', page: await fetchLiveSession(id) }) };
  const scene = liveSceneOf(params.scene);
  if (scene) return { key: `live-${scene}`, load: async () => ({ kind: 'session', page: await fetchLiveSessionByScene(scene) }) };
  return { key: 'live-list', load: async () => ({ kind: 'list', list: await fetchLiveSessions() }) };
}

function SessionDetail({ page, onReload }: { page: LiveSessionPage; onReload: () => void }) {
  const now = useServerNow(page.clockOffsetMs);
  const status = liveStatus(page, now);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: page.title });
  }, [page.title]);
  return (
    <View className='page live-page'>
      <SessionHero session={page} status={status} offsetMs={page.clockOffsetMs} onPhaseEnd={onReload} />
      <WatchLive session={page} status={status} />
      <PromoCodeCard status={status} />
      <SessionProducts products={page.products} onOpen={go.product} />
      {page.products.length === 0 ? <Text className='live-page__empty'>主播还没有上架商品，先去逛逛吧</Text> : null}
    </View>
  );
}

/** 直播: one session (status, host, countdown on the server's clock, its products, the host's code), or the list of sessions. */
export default function LivePage() {
  const { params } = useRouter();
  const { key, load } = loaderOf(params);
  const loaded = useAsync(load, key);

  usePullDownRefresh(() => {
    void loaded.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (loaded.isLoading && !loaded.data) return <DetailSkeleton />;
  if (loaded.error && !loaded.data) {
    return loaded.error.code === 'LIVE_SESSION_NOT_FOUND' || loaded.error.status === 404 ? (
      <EmptyState title='直播不存在或已下线' description='看看其他正在直播的场次吧' actionText='查看直播' onAction={() => promotionPages.live()} />
    ) : (
      <ErrorState message={loaded.error.message} onRetry={() => void loaded.reload()} />
    );
  }
  const data = loaded.data;
  if (!data) return null;
  if (data.kind === 'session') return <SessionDetail page={data.page} onReload={() => void loaded.reload()} />;
  const { live, upcoming } = data.list;
  return (
    <View className='page live-page'>
      {live.length + upcoming.length === 0 ? (
        <EmptyState title='暂无直播' description='关注直播预告，开播时来领专属优惠' actionText='去逛逛' onAction={go.home} />
      ) : (
        <SessionList live={live} upcoming={upcoming} onOpen={(id) => promotionPages.live(id)} />
      )}
    </View>
  );
}
