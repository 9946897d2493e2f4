import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const MarketingCalendarPage = lazyPage(() => import('./MarketingCalendarPage'), 'MarketingCalendarPage');

/** 营销日历 under /marketing-calendar: the server lets journeys:read or promotions:read read it; every role with the first has the second. */
export function calendarRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return { path: 'marketing-calendar', element: <MarketingCalendarPage />, handle: handle('营销日历', 'promotions:read') };
}
