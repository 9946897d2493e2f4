import {
  AccountBookOutlined,
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CarOutlined,
  CloudDownloadOutlined,
  ClusterOutlined,
  CommentOutlined,
  CrownOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DotChartOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  FundOutlined,
  GiftOutlined,
  HomeOutlined,
  LineChartOutlined,
  MessageOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PartitionOutlined,
  PhoneOutlined,
  PictureOutlined,
  RollbackOutlined,
  RobotOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingOutlined,
  SlidersOutlined,
  TagOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UsergroupAddOutlined,
  ThunderboltOutlined,
  UserOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { Permission } from '@siyu/shared';
import type { ReactNode } from 'react';

/** One entry of the side menu; shown only to roles that carry its permission. */
export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Missing: every signed-in staff member (the home page). */
  permission?: Permission;
  /** The submenu the entry sits in ("营销"); entries without one are top-level. */
  group?: string;
}

/** Icons of the submenus. */
export const NAV_GROUP_ICONS: Readonly<Record<string, ReactNode>> = {
  会员运营: <CrownOutlined />,
  营销: <GiftOutlined />,
  渠道: <PartitionOutlined />,
  用户分层: <ApartmentOutlined />,
  自动化营销: <RobotOutlined />,
  数据: <LineChartOutlined />,
};

/**
 * The side menu, in order. Later pages (tiers, coupons, live sessions, dashboards) add an entry here
 * and a route in router.tsx with the same permission.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: '首页', icon: <HomeOutlined /> },
  { path: '/dashboard', label: '数据概况', icon: <DashboardOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/kpi', label: '月度目标', icon: <AimOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/exports', label: '导出记录', icon: <CloudDownloadOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/funnel', label: '转化漏斗', icon: <BarChartOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/cohorts', label: '留存与 LTV', icon: <DotChartOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/repurchase', label: '复购分析', icon: <FundOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/promotions', label: '促销效果', icon: <GiftOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/members', label: '会员分析', icon: <CrownOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/products', label: '商品分析', icon: <ShoppingOutlined />, permission: 'reports:read', group: '数据' },
  { path: '/reports/staff', label: '员工业绩', icon: <TeamOutlined />, permission: 'reports:staff', group: '数据' },
  { path: '/products', label: '商品', icon: <ShoppingOutlined />, permission: 'catalog:read' },
  { path: '/categories', label: '分类', icon: <ClusterOutlined />, permission: 'catalog:read' },
  { path: '/media', label: '图片库', icon: <PictureOutlined />, permission: 'catalog:read' },
  { path: '/stock', label: '库存', icon: <DatabaseOutlined />, permission: 'catalog:read' },
  { path: '/shipping-templates', label: '运费模板', icon: <CarOutlined />, permission: 'catalog:read' },
  { path: '/orders', label: '订单', icon: <FileTextOutlined />, permission: 'orders:read' },
  { path: '/refunds', label: '退款', icon: <RollbackOutlined />, permission: 'orders:read' },
  { path: '/reviews', label: '评价审核', icon: <CommentOutlined />, permission: 'catalog:read' },
  { path: '/members', label: '会员', icon: <UserOutlined />, permission: 'members:read' },
  { path: '/membership/tiers', label: '会员等级', icon: <CrownOutlined />, permission: 'members:read', group: '会员运营' },
  { path: '/membership/points-rules', label: '积分规则', icon: <SlidersOutlined />, permission: 'members:read', group: '会员运营' },
  { path: '/membership/points-liability', label: '积分负债', icon: <AccountBookOutlined />, permission: 'members:read', group: '会员运营' },
  { path: '/membership/points-mall', label: '积分商城', icon: <ShopOutlined />, permission: 'members:read', group: '会员运营' },
  { path: '/crm/rfm', label: 'RFM 分层', icon: <DotChartOutlined />, permission: 'members:read', group: '用户分层' },
  { path: '/crm/lifecycle', label: '生命周期', icon: <FundOutlined />, permission: 'members:read', group: '用户分层' },
  { path: '/tags', label: '标签', icon: <TagOutlined />, permission: 'members:read', group: '用户分层' },
  { path: '/segments', label: '分群', icon: <UsergroupAddOutlined />, permission: 'members:read', group: '用户分层' },
  { path: '/promotions/coupons', label: '优惠券', icon: <TagsOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/promotions/store-promotions', label: '满减活动', icon: <GiftOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/promotions/live', label: '直播', icon: <VideoCameraOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/promotions/flash-sales', label: '秒杀', icon: <ThunderboltOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/promotions/approvals', label: '审批', icon: <SafetyCertificateOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/promotions/settings', label: '叠加规则', icon: <NodeIndexOutlined />, permission: 'promotions:read', group: '营销' },
  { path: '/channels', label: '渠道列表', icon: <UnorderedListOutlined />, permission: 'channels:read', group: '渠道' },
  { path: '/channels/report', label: '渠道报表', icon: <BarChartOutlined />, permission: 'channels:read', group: '渠道' },
  { path: '/journeys', label: '旅程', icon: <BranchesOutlined />, permission: 'journeys:read', group: '自动化营销' },
  { path: '/campaigns', label: '活动群发', icon: <NotificationOutlined />, permission: 'journeys:read', group: '自动化营销' },
  { path: '/experiments', label: '实验报告', icon: <ExperimentOutlined />, permission: 'journeys:read', group: '自动化营销' },
  { path: '/marketing-calendar', label: '营销日历', icon: <CalendarOutlined />, permission: 'promotions:read', group: '自动化营销' },
  { path: '/messaging/log', label: '消息记录', icon: <MessageOutlined />, permission: 'journeys:read', group: '自动化营销' },
  { path: '/messaging/settings', label: '消息设置', icon: <SettingOutlined />, permission: 'journeys:read', group: '自动化营销' },
  { path: '/tasks', label: '任务', icon: <PhoneOutlined />, permission: 'tasks:work', group: '自动化营销' },
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
