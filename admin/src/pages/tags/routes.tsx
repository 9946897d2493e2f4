import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const TagsPage = lazyPage(() => import('./TagsPage'), 'TagsPage');

/** 标签 at /tags (members:read; writes are checked per button and by the server). */
export function tagRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return { path: 'tags', element: <TagsPage />, handle: handle('标签', 'members:read') };
}
