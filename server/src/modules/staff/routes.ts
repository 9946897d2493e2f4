import Router from '@koa/router';
import { idParamsSchema, staffCreateBodySchema, staffLoginBodySchema, staffPasswordBodySchema, staffUpdateBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { loginStaff } from './auth-service';
import { findStaffById, toStaff } from './repo';
import { createStaffAccount, listStaff, resetStaffPassword, unlockStaff, updateStaffAccount } from './service';

/** Staff sign-in, the signed-in account, and staff management (owner only). */
export function staffRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  router.post('/auth/login', async (ctx) => {
    const body = parseInput(staffLoginBodySchema, ctx.request.body, 'body');
    ctx.body = await loginStaff(serviceContext(ctx, deps), deps, body.username, body.password);
  });
  router.get('/me', requireStaff(deps, null), async (ctx) => {
    const row = await findStaffById(deps.db, ctx.state.staff?.id ?? 0);
    if (!row) throw new AppError('STAFF_NOT_FOUND');
    ctx.body = toStaff(row);
  });
  router.get('/staff', requireStaff(deps, 'staff:manage'), async (ctx) => {
    ctx.body = { items: await listStaff(serviceContext(ctx, deps)) };
  });
  router.post('/staff', requireStaff(deps, 'staff:manage'), async (ctx) => {
    const body = parseInput(staffCreateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createStaffAccount(serviceContext(ctx, deps), body);
  });
  router.patch('/staff/:id', requireStaff(deps, 'staff:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(staffUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateStaffAccount(serviceContext(ctx, deps), id, body);
  });
  router.post('/staff/:id/password', requireStaff(deps, 'staff:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(staffPasswordBodySchema, ctx.request.body, 'body');
    await resetStaffPassword(serviceContext(ctx, deps), id, body.password);
    ctx.status = 204;
  });
  router.post('/staff/:id/unlock', requireStaff(deps, 'staff:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await unlockStaff(serviceContext(ctx, deps), id);
  });
  return router;
}
