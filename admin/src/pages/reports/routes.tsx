import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const FunnelReportPage = lazyPage(() => import('./FunnelReportPage'), 'FunnelReportPage');
const CohortsReportPage = lazyPage(() => import('./CohortsReportPage'), 'CohortsReportPage');
const RepurchaseReportPage = lazyPage(() => import('./RepurchaseReportPage'), 'RepurchaseReportPage');
const PromotionsReportPage = lazyPage(() => import('./PromotionsReportPage'), 'PromotionsReportPage');
const MembersReportPage = lazyPage(() => import('./MembersReportPage'), 'MembersReportPage');
const ProductsReportPage = lazyPage(() => import('./ProductsReportPage'), 'ProductsReportPage');
const StaffReportPage = lazyPage(() => import('./StaffReportPage'), 'StaffReportPage');

/** The 数据 reports under /reports (reports:read; 员工业绩 reports:staff). */
export function reportRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'reports',
    handle: handle('数据报表', 'reports:read'),
    children: [
      { path: 'funnel', element: <FunnelReportPage />, handle: handle('转化漏斗') },
      { path: 'cohorts', element: <CohortsReportPage />, handle: handle('留存与 LTV') },
      { path: 'repurchase', element: <RepurchaseReportPage />, handle: handle('复购分析') },
      { path: 'promotions', element: <PromotionsReportPage />, handle: handle('促销效果') },
      { path: 'members', element: <MembersReportPage />, handle: handle('会员分析') },
      { path: 'products', element: <ProductsReportPage />, handle: handle('商品分析') },
      { path: 'staff', element: <StaffReportPage />, handle: handle('员工业绩', 'reports:staff') },
    ],
  };
}
