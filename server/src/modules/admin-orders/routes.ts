import Router from '@koa/router';
import { adminOrderListQuerySchema, idParamsSchema, shipBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { getOrderForStaff, listOrdersForStaff, shipOrder } from './service';

/** Staff order pages: /api/admin/orders (read: every role; ship: owner and service). */
export function adminOrderRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/orders' });
  router.get('/', requireStaff(deps, 'orders:read'), async (ctx) => {
    const query = parseInput(adminOrderListQuerySchema, ctx.query, 'query');
    ctx.body = await listOrdersForStaff(serviceContext(ctx, deps), deps, query);
  });
  router.get('/:id', requireStaff(deps, 'orders:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getOrderForStaff(serviceContext(ctx, deps), deps, id);
  });
  router.post('/:id/ship', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(shipBodySchema, ctx.request.body, 'body');
    ctx.body = await shipOrder(serviceContext(ctx, deps), deps, id, body);
  });
  return router;
}
