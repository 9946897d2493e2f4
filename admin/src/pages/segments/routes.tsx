import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx); the trend chart is a further chunk of the edit page.
const SegmentEditPage = lazyPage(() => import('./SegmentEditPage'), 'SegmentEditPage');
const SegmentListPage = lazyPage(() => import('./SegmentListPage'), 'SegmentListPage');

/** The 分群 pages under /segments (members:read; saving, archiving and snapshots check segments:write per button and on the server). */
export function segmentRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'segments',
    handle: handle('分群', 'members:read'),
    children: [
      { index: true, element: <SegmentListPage /> },
      { path: 'new', element: <SegmentEditPage />, handle: handle('新建分群', 'segments:write') },
      { path: ':segmentId', element: <SegmentEditPage />, handle: handle('分群详情') },
    ],
  };
}
