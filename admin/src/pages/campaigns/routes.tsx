import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const CampaignsPage = lazyPage(() => import('./CampaignsPage'), 'CampaignsPage');

/** 活动群发 under /campaigns (journeys:read; creating and cancelling check journeys:write per button and on the server). */
export function campaignRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return { path: 'campaigns', element: <CampaignsPage />, handle: handle('活动群发', 'journeys:read') };
}
