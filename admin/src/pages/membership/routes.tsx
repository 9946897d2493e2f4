import { Navigate, type RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx).
const PointsLiabilityPage = lazyPage(() => import('./liability/PointsLiabilityPage'), 'PointsLiabilityPage');
const PointsMallPage = lazyPage(() => import('./points-mall/PointsMallPage'), 'PointsMallPage');
const PointsRulesPage = lazyPage(() => import('./points-rules/PointsRulesPage'), 'PointsRulesPage');
const TiersPage = lazyPage(() => import('./tiers/TiersPage'), 'TiersPage');

/**
 * The 会员运营 pages under /membership: everyone with members:read sees them; saving tiers, rules and
 * mall items needs membership:write (the pages show 只读 otherwise, the server checks again).
 */
export function membershipRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'membership',
    handle: handle('会员运营', 'members:read'),
    children: [
      { index: true, element: <Navigate to="tiers" replace /> },
      { path: 'tiers', element: <TiersPage />, handle: handle('会员等级') },
      { path: 'points-rules', element: <PointsRulesPage />, handle: handle('积分规则') },
      { path: 'points-liability', element: <PointsLiabilityPage />, handle: handle('积分负债') },
      { path: 'points-mall', element: <PointsMallPage />, handle: handle('积分商城') },
    ],
  };
}
