import { AuditOutlined, ClusterOutlined, DatabaseOutlined, FileTextOutlined, RollbackOutlined, ShoppingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Permission } from '@siyu/shared';
import type { ReactNode } from 'react';

/** One entry of the side menu; shown only to roles that carry its permission. */
export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  permission: Permission;
}

/**
 * The side menu, in order. Later pages (tiers, coupons, live sessions, dashboards) add an entry here
 * and a route in router.tsx with the same permission.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/products', label: '商品', icon: <ShoppingOutlined />, permission: 'catalog:read' },
  { path: '/categories', label: '分类', icon: <ClusterOutlined />, permission: 'catalog:read' },
  { path: '/stock', label: '库存', icon: <DatabaseOutlined />, permission: 'catalog:read' },
  { path: '/orders', label: '订单', icon: <FileTextOutlined />, permission: 'orders:read' },
  { path: '/refunds', label: '退款', icon: <RollbackOutlined />, permission: 'orders:read' },
  { path: '/members', label: '会员', icon: <UserOutlined />, permission: 'members:read' },
  { path: '/staff', label: '员工', icon: <TeamOutlined />, permission: 'staff:manage' },
  { path: '/audit-log', label: '审计日志', icon: <AuditOutlined />, permission: 'audit:read' },
];

/** What a route declares in its `handle`: its breadcrumb title and the permission it needs. */
export interface RouteHandle {
  title: string;
  permission?: Permission;
}

export function isRouteHandle(handle: unknown): handle is RouteHandle {
  return typeof handle === 'object' && handle !== null && typeof (handle as { title?: unknown }).title === 'string';
}
