import Router from '@koa/router';
import { z } from 'zod';
import { idParamSchema, idParamsSchema } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { listInbox, markAllRead, markMessageRead } from './service';

const inboxQuerySchema = z.strictObject({
  before: idParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function staffIdOf(ctx: AppContext): number {
  const actor = ctx.state.staff;
  if (!actor) throw new Error('inbox route without requireStaff');
  return actor.id;
}

/**
 * 站内信 (any signed-in staff member, their own messages only): GET /api/admin/inbox?before&limit,
 * POST /api/admin/inbox/:id/read, POST /api/admin/inbox/read-all. Reading is not an audited write (it
 * changes only the reader's own inbox state).
 */
export function staffMessageRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/inbox' });
  router.get('/', requireStaff(deps, null), async (ctx) => {
    const query = parseInput(inboxQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await listInbox(deps.db, staffIdOf(ctx), query);
  });
  router.post('/read-all', requireStaff(deps, null), async (ctx) => {
    ctx.body = { updated: await markAllRead(deps.db, staffIdOf(ctx), deps.now()) };
  });
  router.post('/:id/read', requireStaff(deps, null), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await markMessageRead(deps.db, staffIdOf(ctx), id, deps.now());
  });
  return router;
}
