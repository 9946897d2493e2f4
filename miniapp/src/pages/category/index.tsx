import { ScrollView, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { fetchCategories, fetchProducts } from '../../api/shop';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { ProductCard } from '../../components/ProductCard';
import { SearchBar } from '../../components/SearchBar';
import { ProductRowsSkeleton, SkeletonBlock } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { useAsync, usePagedList } from '../../lib/use-async';
import { CategoryRail } from './components/CategoryRail';
import { useTrackPage } from '../../analytics/track';
import './index.css';

/** 分类: top-level categories on the left; sub-category chips and that category's products on the right. */
export default function CategoryPage() {
  useTrackPage('pages/category/index');
  const categories = useAsync(fetchCategories, 'categories');
  const [pickedTop, setPickedTop] = useState<number | null>(null);
  const [pickedChild, setPickedChild] = useState<number | null>(null);
  const tops = categories.data ?? [];
  const top = tops.find((category) => category.id === pickedTop) ?? tops[0] ?? null;
  const categoryId = pickedChild ?? top?.id;
  const products = usePagedList((cursor) => fetchProducts({ categoryId, cursor, sort: 'default', limit: 10 }), `category-${categoryId ?? 'none'}`);

  if (categories.error && !categories.data) {
    return (
      <View className='page'>
        <ErrorState message={categories.error.message} onRetry={() => void categories.reload()} />
      </View>
    );
  }
  return (
    <View className='category'>
      <SearchBar placeholder='搜索商品' onTap={() => go.products({ isSearch: true })} />
      <View className='category__main'>
        {categories.isLoading && !categories.data ? (
          <View className='category__rail'>
            {Array.from({ length: 6 }, (_, i) => (
              <SkeletonBlock key={i} className='category__rail-skeleton' />
            ))}
          </View>
        ) : (
          <CategoryRail
            categories={tops}
            activeId={top?.id ?? null}
            onPick={(id) => {
              setPickedTop(id);
              setPickedChild(null);
            }}
          />
        )}
        <ScrollView className='category__content' scrollY lowerThreshold={200} onScrollToLower={() => void products.loadMore()}>
          {top && top.children.length > 0 ? (
            <View className='category__chips'>
              <Text className={`category__chip ${pickedChild === null ? 'category__chip--active' : ''}`} onClick={() => setPickedChild(null)}>
                全部
              </Text>
              {top.children.map((child) => (
                <Text
                  key={child.id}
                  className={`category__chip ${pickedChild === child.id ? 'category__chip--active' : ''}`}
                  onClick={() => setPickedChild(child.id)}
                >
                  {child.name}
                </Text>
              ))}
            </View>
          ) : null}
          <View className='category__list'>
            {(products.isLoading && products.items.length === 0) || !top ? (
              <ProductRowsSkeleton count={4} />
            ) : products.error && products.items.length === 0 ? (
              <ErrorState message={products.error.message} onRetry={() => void products.refresh()} />
            ) : products.items.length === 0 ? (
              <EmptyState title='这个分类还没有商品' description='去看看其他分类吧' />
            ) : (
              products.items.map((product) => <ProductCard key={product.id} product={product} layout='row' onOpen={go.product} />)
            )}
            <ListFooter
              isLoadingMore={products.isLoadingMore}
              hasMore={products.hasMore}
              isFailed={products.isLoadMoreFailed}
              onRetry={() => void products.loadMore()}
              count={products.items.length}
            />
          </View>
        </ScrollView>
      </View>
    </View>
  );
}
