import Router from '@koa/router';
import { idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import {
  callListCsv,
  closeStaffTask,
  listStaffTasks,
  setStaffWecomUser,
  staffWecomUserBodySchema,
  taskCloseBodySchema,
  taskListQuerySchema,
} from './admin-service';

/** Staff tasks (tasks:work; the call list also members:phone) and the staff member's WeCom userid (staff:manage). */
export function staffTaskRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canWork = requireStaff(deps, 'tasks:work');
  router.get('/api/admin/tasks', canWork, async (ctx) => {
    const query = parseInput(taskListQuerySchema, ctx.query, 'query');
    ctx.body = await listStaffTasks(serviceContext(ctx, deps), deps, query);
  });
  // Registered before '/:id/close' routes so 'call-list.csv' is never read as an id.
  router.get('/api/admin/tasks/call-list.csv', canWork, requireStaff(deps, 'members:phone'), async (ctx) => {
    const csv = await callListCsv(serviceContext(ctx, deps), deps);
    ctx.set('Content-Disposition', 'attachment; filename="call-list.csv"');
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = csv;
  });
  router.post('/api/admin/tasks/:id/close', canWork, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(taskCloseBodySchema, ctx.request.body, 'body');
    await closeStaffTask(serviceContext(ctx, deps), id, body.outcome);
    ctx.body = { id, status: 'done' };
  });
  router.put('/api/admin/staff/:id/wecom-user', requireStaff(deps, 'staff:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(staffWecomUserBodySchema, ctx.request.body, 'body');
    ctx.body = await setStaffWecomUser(serviceContext(ctx, deps), id, body.wecomUserId);
  });
  return router;
}
