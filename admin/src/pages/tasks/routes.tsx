import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '../../layout/lazy-page';
import type { RouteHandle } from '../../layout/nav';

const TasksPage = lazyPage(() => import('./TasksPage'), 'TasksPage');

/** 任务 at /tasks (tasks:work). */
export function taskRoutes(handle: (title: string, permission?: RouteHandle['permission']) => RouteHandle): RouteObject {
  return { path: 'tasks', element: <TasksPage />, handle: handle('任务', 'tasks:work') };
}
