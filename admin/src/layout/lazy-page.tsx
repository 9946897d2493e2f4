import { Skeleton } from 'antd';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page loaded on first visit, so the console's first screen downloads only the layout and the
 * page it shows. Pages keep their named exports; `name` picks the one to render:
 * `const StaffPage = lazyPage(() => import('./pages/staff/StaffPage'), 'StaffPage');`
 */
export function lazyPage<Name extends string>(load: () => Promise<{ [key in Name]: ComponentType }>, name: Name): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/** What a page shows while its chunk loads (the layout's Suspense fallback). */
export function PageSkeleton() {
  return (
    <div role="status" aria-label="页面加载中" style={{ background: '#fff', padding: 24, borderRadius: 8 }}>
      <Skeleton active paragraph={{ rows: 8 }} />
    </div>
  );
}
