import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const MessageLogPage = lazyPage(() => import('./MessageLogPage'), 'MessageLogPage');
const MessagingSettingsPage = lazyPage(() => import('./MessagingSettingsPage'), 'MessagingSettingsPage');

/** 消息记录 and 消息设置 under /messaging (journeys:read; saving the guards needs messaging:settings, templates journeys:write). */
export function messagingRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'messaging',
    handle: handle('消息', 'journeys:read'),
    children: [
      { path: 'log', element: <MessageLogPage />, handle: handle('消息记录') },
      { path: 'settings', element: <MessagingSettingsPage />, handle: handle('消息设置') },
    ],
  };
}
