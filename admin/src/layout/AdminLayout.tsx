import { LogoutOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useMatches, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider';
import { ErrorBoundary } from '../errors/ErrorBoundary';
import { STAFF_ROLE_NAMES } from '../labels';
import { InboxBell } from '../pages/dashboard/InboxBell';
import { ForbiddenPage } from '../pages/errors/ForbiddenPage';
import { PageSkeleton } from './lazy-page';
import { isRouteHandle, NAV_GROUP_ICONS, NAV_ITEMS, type NavItem } from './nav';

type MenuEntry = NonNullable<MenuProps['items']>[number];
// A type alias, not an interface: antd's item type has a `data-*` index signature.
type MenuLeaf = { key: string; icon: ReactNode; label: ReactNode };

/** Submenus start open: their entries are the pages staff use most. */
const GROUP_KEYS = [...new Set(NAV_ITEMS.flatMap((item) => (item.group ? [`group:${item.group}`] : [])))];

/** Menu entries in NAV_ITEMS order; entries of a group become one submenu where its first entry stands. */
function menuItems(navItems: readonly NavItem[]): MenuEntry[] {
  const entries: MenuEntry[] = [];
  const groups = new Map<string, MenuLeaf[]>();
  for (const item of navItems) {
    const leaf: MenuLeaf = { key: item.path, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> };
    if (!item.group) {
      entries.push(leaf);
      continue;
    }
    const children = groups.get(item.group);
    if (children) {
      children.push(leaf);
      continue;
    }
    const first = [leaf];
    groups.set(item.group, first);
    entries.push({ key: `group:${item.group}`, icon: NAV_GROUP_ICONS[item.group], label: item.group, children: first });
  }
  return entries;
}

/** The frame of every signed-in page: side menu by permission, header, breadcrumb, route guard. */
export function AdminLayout() {
  const { staff, can, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const matches = useMatches();
  const crumbs = matches.filter((match) => isRouteHandle(match.handle));
  const missing = crumbs.map((match) => match.handle).find((handle) => isRouteHandle(handle) && handle.permission && !can(handle.permission));
  const items = menuItems(NAV_ITEMS.filter((item) => !item.permission || can(item.permission)));
  // The longest matching path wins: /channels/report is 渠道报表, not 渠道列表 (/channels).
  const selected = [...NAV_ITEMS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((item) => location.pathname === item.path || (item.path !== '/' && location.pathname.startsWith(`${item.path}/`)));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark">
        {/* Sticky inside a full-height sider: the menu stays in view while a long table scrolls; with
            both submenus (会员运营, 营销) open it is taller than a laptop screen, so it scrolls on its own. */}
        <div
          style={{
            position: 'sticky',
            top: 0,
            maxHeight: '100vh',
            overflowY: 'auto',
            scrollbarWidth: 'thin',
            scrollbarColor: 'rgba(255,255,255,0.25) transparent',
          }}
        >
          <div
            style={{
              height: 56,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              color: '#fff',
              fontWeight: 600,
              fontSize: 16,
              letterSpacing: 1,
            }}
          >
            私域商城 · 后台
          </div>
          <Menu theme="dark" mode="inline" items={items} selectedKeys={selected ? [selected.path] : []} defaultOpenKeys={GROUP_KEYS} aria-label="主菜单" />
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Breadcrumb
            items={crumbs.map((match, index) => {
              const title = isRouteHandle(match.handle) ? match.handle.title : '';
              const isLast = index === crumbs.length - 1;
              return { key: match.id, title: isLast ? title : <Link to={match.pathname}>{title}</Link> };
            })}
          />
          {staff && (
            <Space>
              <InboxBell />
              <Typography.Text data-testid="current-staff">{staff.displayName}</Typography.Text>
              <Tag color="blue">{STAFF_ROLE_NAMES[staff.role]}</Tag>
              <Button
                icon={<LogoutOutlined />}
                onClick={() => {
                  logout();
                  navigate('/login', { replace: true });
                }}
              >
                退出登录
              </Button>
            </Space>
          )}
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <ErrorBoundary key={location.pathname}>
            {missing ? (
              <ForbiddenPage />
            ) : (
              <Suspense fallback={<PageSkeleton />}>
                <Outlet />
              </Suspense>
            )}
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
