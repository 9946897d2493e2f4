import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { fetchProducts, type ProductSort } from '../../api/shop';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductCard } from '../../components/ProductCard';
import { SearchBar } from '../../components/SearchBar';
import { ProductGridSkeleton } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { rememberSearch } from '../../lib/search-history';
import { usePagedList } from '../../lib/use-async';
import { SearchPanel } from './components/SearchPanel';
import { SortTabs } from './components/SortTabs';
import './index.css';

function decoded(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Products of a category, or the results of a keyword search, with sorting and endless scroll. */
export default function ProductsPage() {
  const { params } = useRouter();
  const categoryId = params.categoryId ? Number(params.categoryId) : undefined;
  const title = decoded(params.title);
  const isSearch = params.search === '1';
  const [keyword, setKeyword] = useState(decoded(params.q));
  const [sort, setSort] = useState<ProductSort>('default');
  // A search opened with no keyword yet shows the history and hot words instead of every product.
  const isPanelShown = isSearch && !keyword;
  const search = (word: string) => {
    if (word) rememberSearch(word);
    setKeyword(word);
  };
  const list = usePagedList(
    (cursor) => fetchProducts({ categoryId, q: keyword || undefined, sort, cursor, limit: 10 }),
    `${categoryId ?? ''}|${keyword}|${sort}`,
  );

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: keyword ? `“${keyword}”的搜索结果` : title || (isSearch ? '搜索' : '商品列表') });
  }, [keyword, title, isSearch]);
  usePullDownRefresh(() => {
    void list.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void list.loadMore();
  });

  return (
    <View className='page products'>
      <View className='products__head'>
        <SearchBar key={keyword} value={keyword} placeholder={title ? `在「${title}」中搜索` : '搜索商品'} isFocused={isSearch && !keyword} onSearch={search} />
        {isPanelShown ? null : <SortTabs sort={sort} onChange={setSort} />}
      </View>
      {isPanelShown ? (
        <SearchPanel onPick={search} />
      ) : list.isLoading && list.items.length === 0 ? (
        <ProductGridSkeleton />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState message={list.error.message} onRetry={() => void list.refresh()} />
      ) : list.items.length === 0 ? (
        <EmptyState
          picture='search'
          title={keyword ? `没有找到“${keyword}”相关的商品` : '暂无商品'}
          description='换个关键词试试，或去看看热销好物'
          actionText='去首页逛逛'
          onAction={go.home}
        />
      ) : (
        <View className='products__grid'>
          {list.items.map((product) => (
            <View className='products__cell' key={product.id}>
              <ProductCard product={product} onOpen={go.product} />
            </View>
          ))}
        </View>
      )}
      {isPanelShown ? null : (
        <ListFooter
          isLoadingMore={list.isLoadingMore}
          hasMore={list.hasMore}
          isFailed={list.isLoadMoreFailed}
          onRetry={() => void list.loadMore()}
          count={list.items.length}
        />
      )}
    </View>
  );
}
