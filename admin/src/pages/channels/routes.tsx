import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx); the report's chunk carries ECharts.
const ChannelDetailPage = lazyPage(() => import('./ChannelDetailPage'), 'ChannelDetailPage');
const ChannelListPage = lazyPage(() => import('./ChannelListPage'), 'ChannelListPage');
const ChannelReportPage = lazyPage(() => import('./ChannelReportPage'), 'ChannelReportPage');

/** The 渠道 pages under /channels (channels:read; writes are checked per button and by the server). */
export function channelRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'channels',
    handle: handle('渠道', 'channels:read'),
    children: [
      { index: true, element: <ChannelListPage /> },
      { path: 'report', element: <ChannelReportPage />, handle: handle('渠道报表') },
      { path: ':channelId', element: <ChannelDetailPage />, handle: handle('渠道详情') },
    ],
  };
}
