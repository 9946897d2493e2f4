import Router from '@koa/router';
import { flashSaleBodySchema, flashSaleListQuerySchema, flashSalePatchSchema, idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { optionalMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { createFlashSale, getFlashSaleForStaff, listFlashSalesForStaff, patchFlashSale, stopFlashSale } from './admin-service';
import { getFlashSaleForShop, listFlashSalesForShop } from './shop-service';

/** Shopper flash sales: /api/flash-sales (open to guests, like the catalog). */
export function flashSaleRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/flash-sales' });
  router.get('/', optionalMember(deps), async (ctx) => {
    const query = parseInput(flashSaleListQuerySchema, ctx.query, 'query');
    ctx.body = await listFlashSalesForShop(serviceContext(ctx, deps), query);
  });
  router.get('/:id', optionalMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getFlashSaleForShop(serviceContext(ctx, deps), id);
  });
  return router;
}

/** Staff flash sales: /api/admin/flash-sales (read 'promotions:read', write 'promotions:write'). */
export function adminFlashSaleRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/flash-sales' });
  router.get('/', requireStaff(deps, 'promotions:read'), async (ctx) => {
    ctx.body = await listFlashSalesForStaff(serviceContext(ctx, deps));
  });
  router.post('/', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const body = parseInput(flashSaleBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createFlashSale(serviceContext(ctx, deps), body);
  });
  router.get('/:id', requireStaff(deps, 'promotions:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getFlashSaleForStaff(serviceContext(ctx, deps), id);
  });
  router.patch('/:id', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(flashSalePatchSchema, ctx.request.body, 'body');
    ctx.body = await patchFlashSale(serviceContext(ctx, deps), id, body);
  });
  router.post('/:id/stop', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await stopFlashSale(serviceContext(ctx, deps), id);
  });
  return router;
}
