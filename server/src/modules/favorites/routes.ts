import Router from '@koa/router';
import { z } from 'zod';
import { favoriteListQuerySchema, idParamSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { addFavorite, favoriteState, listFavorites, removeFavorite } from './service';

const productParamsSchema = z.strictObject({ productId: idParamSchema });

/** 收藏: a member's own favourites; every route reads and writes the caller's rows only. */
export function favoriteRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/me/favorites' });
  router.use(requireMember(deps));
  router.get('/', async (ctx) => {
    const query = parseInput(favoriteListQuerySchema, ctx.query, 'query');
    ctx.body = await listFavorites(serviceContext(ctx, deps), memberIdOf(ctx), query);
  });
  router.get('/:productId', async (ctx) => {
    const { productId } = parseInput(productParamsSchema, ctx.params, 'params');
    ctx.body = await favoriteState(serviceContext(ctx, deps), memberIdOf(ctx), productId);
  });
  router.put('/:productId', async (ctx) => {
    const { productId } = parseInput(productParamsSchema, ctx.params, 'params');
    ctx.body = await addFavorite(serviceContext(ctx, deps), memberIdOf(ctx), productId);
  });
  router.delete('/:productId', async (ctx) => {
    const { productId } = parseInput(productParamsSchema, ctx.params, 'params');
    ctx.body = await removeFavorite(serviceContext(ctx, deps), memberIdOf(ctx), productId);
  });
  return router;
}
