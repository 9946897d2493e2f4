import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const DashboardPage = lazyPage(() => import('./DashboardPage'), 'DashboardPage');
const KpiPage = lazyPage(() => import('../kpi/KpiPage'), 'KpiPage');
const ExportsPage = lazyPage(() => import('../exports/ExportsPage'), 'ExportsPage');

/** 数据概况 (/dashboard), 月度目标 (/kpi), 导出记录 (/exports) — all reports:read. */
export function dashboardRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject[] {
  return [
    { path: 'dashboard', element: <DashboardPage />, handle: handle('数据概况', 'reports:read') },
    { path: 'kpi', element: <KpiPage />, handle: handle('月度目标', 'reports:read') },
    { path: 'exports', element: <ExportsPage />, handle: handle('导出记录', 'reports:read') },
  ];
}
