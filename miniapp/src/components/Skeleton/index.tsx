import { View } from '@tarojs/components';
import './index.css';

/** Grey shimmering blocks while the first page loads. */
export function SkeletonBlock({ className = '' }: { className?: string }) {
  return <View className={`skeleton ${className}`} />;
}

export function ProductGridSkeleton({ count = 4 }: { count?: number }) {
  return (
    <View className='skeleton-grid' aria-label='加载中'>
      {Array.from({ length: count }, (_, i) => (
        <View className='skeleton-grid__card' key={i}>
          <SkeletonBlock className='skeleton-grid__image' />
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
          <SkeletonBlock className='skeleton-line skeleton-line--short' />
        </View>
      ))}
    </View>
  );
}

export function ProductRowsSkeleton({ count = 4 }: { count?: number }) {
  return (
    <View aria-label='加载中'>
      {Array.from({ length: count }, (_, i) => (
        <View className='skeleton-row' key={i}>
          <SkeletonBlock className='skeleton-row__image' />
          <View className='skeleton-row__body'>
            <SkeletonBlock className='skeleton-line skeleton-line--long' />
            <SkeletonBlock className='skeleton-line skeleton-line--short' />
          </View>
        </View>
      ))}
    </View>
  );
}

export function DetailSkeleton() {
  return (
    <View aria-label='加载中'>
      <SkeletonBlock className='skeleton-hero' />
      <View className='card'>
        <SkeletonBlock className='skeleton-line skeleton-line--price' />
        <SkeletonBlock className='skeleton-line skeleton-line--long' />
        <SkeletonBlock className='skeleton-line skeleton-line--short' />
      </View>
      <View className='card'>
        <SkeletonBlock className='skeleton-line skeleton-line--long' />
        <SkeletonBlock className='skeleton-line skeleton-line--long' />
      </View>
    </View>
  );
}
