import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { RequireSession } from './auth/guards';
import { AdminLayout } from './layout/AdminLayout';
import { lazyPage } from './layout/lazy-page';
import type { RouteHandle } from './layout/nav';
import { calendarRoutes } from './pages/calendar/routes';
import { campaignRoutes } from './pages/campaigns/routes';
import { channelRoutes } from './pages/channels/routes';
import { crmRoutes } from './pages/crm/routes';
import { dashboardRoutes } from './pages/dashboard/routes';
import { experimentRoutes } from './pages/experiments/routes';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { journeyRoutes } from './pages/journeys/routes';
import { LoginPage } from './pages/login/LoginPage';
import { membershipRoutes } from './pages/membership/routes';
import { messagingRoutes } from './pages/messaging/routes';
import { promotionRoutes } from './pages/promotions/routes';
import { reportRoutes } from './pages/reports/routes';
import { segmentRoutes } from './pages/segments/routes';
import { tagRoutes } from './pages/tags/routes';
import { taskRoutes } from './pages/tasks/routes';

// One chunk per page (React.lazy; the layout's Suspense shows a skeleton while it loads). Add a page
// the same way: a lazyPage() line here, then its route below.
// '/': 数据概况 for staff who read data, else the 今日 home (pages/dashboard/LandingPage).
const LandingPage = lazyPage(() => import('./pages/dashboard/LandingPage'), 'LandingPage');
const AuditLogPage = lazyPage(() => import('./pages/audit/AuditLogPage'), 'AuditLogPage');
const CategoriesPage = lazyPage(() => import('./pages/categories/CategoriesPage'), 'CategoriesPage');
const MediaLibraryPage = lazyPage(() => import('./pages/media/MediaLibraryPage'), 'MediaLibraryPage');
const MemberDetailPage = lazyPage(() => import('./pages/members/MemberDetailPage'), 'MemberDetailPage');
const MembersPage = lazyPage(() => import('./pages/members/MembersPage'), 'MembersPage');
const OrderDetailPage = lazyPage(() => import('./pages/orders/OrderDetailPage'), 'OrderDetailPage');
const OrderListPage = lazyPage(() => import('./pages/orders/OrderListPage'), 'OrderListPage');
const ProductEditPage = lazyPage(() => import('./pages/products/ProductEditPage'), 'ProductEditPage');
const ProductListPage = lazyPage(() => import('./pages/products/ProductListPage'), 'ProductListPage');
const RefundListPage = lazyPage(() => import('./pages/refunds/RefundListPage'), 'RefundListPage');
const ReviewListPage = lazyPage(() => import('./pages/reviews/ReviewListPage'), 'ReviewListPage');
const StaffPage = lazyPage(() => import('./pages/staff/StaffPage'), 'StaffPage');
const StockPage = lazyPage(() => import('./pages/stock/StockPage'), 'StockPage');
const ShippingTemplatesPage = lazyPage(() => import('./pages/shipping/ShippingTemplatesPage'), 'ShippingTemplatesPage');

const handle = (title: string, permission?: RouteHandle['permission']): RouteHandle => (permission ? { title, permission } : { title });

/**
 * Every page with the permission it needs; the layout shows the 403 page when any route on the
 * way lacks it, so a typed URL is guarded exactly like the menu.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AdminLayout />
      </RequireSession>
    ),
    handle: handle('首页'),
    children: [
      { index: true, element: <LandingPage /> },
      ...dashboardRoutes(handle),
      reportRoutes(handle),
      {
        path: 'products',
        handle: handle('商品', 'catalog:read'),
        children: [
          { index: true, element: <ProductListPage /> },
          { path: 'new', element: <ProductEditPage />, handle: handle('新建商品', 'catalog:write') },
          { path: ':productId', element: <ProductEditPage />, handle: handle('商品详情') },
        ],
      },
      { path: 'categories', element: <CategoriesPage />, handle: handle('分类', 'catalog:read') },
      { path: 'media', element: <MediaLibraryPage />, handle: handle('图片库', 'catalog:read') },
      { path: 'stock', element: <StockPage />, handle: handle('库存', 'catalog:read') },
      { path: 'shipping-templates', element: <ShippingTemplatesPage />, handle: handle('运费模板', 'catalog:read') },
      {
        path: 'orders',
        handle: handle('订单', 'orders:read'),
        children: [
          { index: true, element: <OrderListPage /> },
          { path: ':orderId', element: <OrderDetailPage />, handle: handle('订单详情') },
        ],
      },
      { path: 'refunds', element: <RefundListPage />, handle: handle('退款', 'orders:read') },
      { path: 'reviews', element: <ReviewListPage />, handle: handle('评价审核', 'catalog:read') },
      {
        path: 'members',
        handle: handle('会员', 'members:read'),
        children: [
          { index: true, element: <MembersPage /> },
          { path: ':memberId', element: <MemberDetailPage />, handle: handle('会员详情') },
        ],
      },
      membershipRoutes(handle),
      promotionRoutes(handle),
      channelRoutes(handle),
      crmRoutes(handle),
      tagRoutes(handle),
      segmentRoutes(handle),
      journeyRoutes(handle),
      campaignRoutes(handle),
      experimentRoutes(handle),
      calendarRoutes(handle),
      messagingRoutes(handle),
      taskRoutes(handle),
      { path: 'staff', element: <StaffPage />, handle: handle('员工', 'staff:manage') },
      { path: 'audit-log', element: <AuditLogPage />, handle: handle('审计日志', 'audit:read') },
      { path: '*', element: <NotFoundPage />, handle: handle('页面不存在') },
    ],
  },
];

/** The console lives under /admin (vite `base`, the server's mount path). */
export function createAdminRouter() {
  return createBrowserRouter(routes, { basename: '/admin' });
}
