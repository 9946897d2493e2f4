import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const ExperimentListPage = lazyPage(() => import('./ExperimentListPage'), 'ExperimentListPage');
const ExperimentReportPage = lazyPage(() => import('./ExperimentReportPage'), 'ExperimentReportPage');

/** 实验报告 under /experiments (journeys:read). */
export function experimentRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return {
    path: 'experiments',
    handle: handle('实验报告', 'journeys:read'),
    children: [
      { index: true, element: <ExperimentListPage /> },
      { path: ':experimentId', element: <ExperimentReportPage />, handle: handle('实验详情') },
    ],
  };
}
