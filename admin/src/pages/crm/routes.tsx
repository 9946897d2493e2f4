import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx); these chunks carry ECharts.
const RfmPage = lazyPage(() => import('./RfmPage'), 'RfmPage');
const LifecyclePage = lazyPage(() => import('./LifecyclePage'), 'LifecyclePage');

/** The 用户分层 pages under /crm (members:read; settings and saving a segment check segments:write per button and on the server). */
export function crmRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'crm',
    handle: handle('用户分层', 'members:read'),
    children: [
      { path: 'rfm', element: <RfmPage />, handle: handle('RFM 分层') },
      { path: 'lifecycle', element: <LifecyclePage />, handle: handle('生命周期') },
    ],
  };
}
