import { Navigate, type RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx).
const ApprovalsPage = lazyPage(() => import('./approvals/ApprovalsPage'), 'ApprovalsPage');
const CouponCreatePage = lazyPage(() => import('./coupons/CouponCreatePage'), 'CouponCreatePage');
const CouponListPage = lazyPage(() => import('./coupons/CouponListPage'), 'CouponListPage');
const FlashSaleListPage = lazyPage(() => import('./flash-sales/FlashSaleListPage'), 'FlashSaleListPage');
const LiveSessionDetailPage = lazyPage(() => import('./live/LiveSessionDetailPage'), 'LiveSessionDetailPage');
const LiveSessionListPage = lazyPage(() => import('./live/LiveSessionListPage'), 'LiveSessionListPage');
const StackingSettingsPage = lazyPage(() => import('./settings/StackingSettingsPage'), 'StackingSettingsPage');
const StorePromotionListPage = lazyPage(() => import('./store-promotions/StorePromotionListPage'), 'StorePromotionListPage');

/** The 营销 pages under /promotions, each with the permission it needs (the menu uses the same ones). */
export function promotionRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'promotions',
    handle: handle('营销', 'promotions:read'),
    children: [
      { index: true, element: <Navigate to="coupons" replace /> },
      {
        path: 'coupons',
        handle: handle('优惠券'),
        children: [
          { index: true, element: <CouponListPage /> },
          { path: 'new', element: <CouponCreatePage />, handle: handle('新建优惠券', 'promotions:write') },
        ],
      },
      { path: 'store-promotions', element: <StorePromotionListPage />, handle: handle('满减活动') },
      {
        path: 'live',
        handle: handle('直播'),
        children: [
          { index: true, element: <LiveSessionListPage /> },
          { path: ':sessionId', element: <LiveSessionDetailPage />, handle: handle('直播详情') },
        ],
      },
      { path: 'flash-sales', element: <FlashSaleListPage />, handle: handle('秒杀') },
      { path: 'approvals', element: <ApprovalsPage />, handle: handle('审批') },
      { path: 'settings', element: <StackingSettingsPage />, handle: handle('叠加规则') },
    ],
  };
}
