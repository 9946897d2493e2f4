import Router from '@koa/router';
import { idParamsSchema, storePromotionBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { createStorePromotion, getStorePromotion, listStorePromotions, stopStorePromotion } from './service';

/** Store-wide promotions (满减活动): /api/admin/store-promotions (read 'promotions:read', write 'promotions:write'). */
export function adminStorePromotionRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/store-promotions' });
  router.get('/', requireStaff(deps, 'promotions:read'), async (ctx) => {
    ctx.body = await listStorePromotions(serviceContext(ctx, deps));
  });
  router.post('/', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const body = parseInput(storePromotionBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createStorePromotion(serviceContext(ctx, deps), body);
  });
  router.get('/:id', requireStaff(deps, 'promotions:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getStorePromotion(serviceContext(ctx, deps), id);
  });
  router.post('/:id/stop', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await stopStorePromotion(serviceContext(ctx, deps), id);
  });
  return router;
}
