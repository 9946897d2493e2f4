import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

// One chunk per page (see layout/lazy-page.tsx).
const JourneyListPage = lazyPage(() => import('./JourneyListPage'), 'JourneyListPage');
const JourneyEditPage = lazyPage(() => import('./JourneyEditPage'), 'JourneyEditPage');

/** The 旅程 pages under /journeys (journeys:read; writing checks journeys:write per button and on the server). */
export function journeyRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'journeys',
    handle: handle('旅程', 'journeys:read'),
    children: [
      { index: true, element: <JourneyListPage /> },
      { path: 'new', element: <JourneyEditPage />, handle: handle('新建旅程', 'journeys:write') },
      { path: ':journeyId', element: <JourneyEditPage />, handle: handle('旅程详情') },
    ],
  };
}
