import { Navigate, type RouteObject } from 'react-router-dom';
import type { RouteHandle } from '../../layout/nav';
import { ApprovalsPage } from './approvals/ApprovalsPage';
import { CouponCreatePage } from './coupons/CouponCreatePage';
import { CouponListPage } from './coupons/CouponListPage';
import { FlashSaleListPage } from './flash-sales/FlashSaleListPage';
import { LiveSessionDetailPage } from './live/LiveSessionDetailPage';
import { LiveSessionListPage } from './live/LiveSessionListPage';
import { StackingSettingsPage } from './settings/StackingSettingsPage';
import { StorePromotionListPage } from './store-promotions/StorePromotionListPage';

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
