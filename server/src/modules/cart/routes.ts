import Router from '@koa/router';
import { cartAddBodySchema, cartMergeBodySchema, cartSelectionBodySchema, cartSkuParamsSchema, cartUpdateBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { addItem, getCart, mergeCart, removeItem, selectAll, updateItem } from './service';

/** The member's own server-side cart; every answer is the whole cart, priced for the member. */
export function cartRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/cart' });
  router.use(requireMember(deps));
  router.get('/', async (ctx) => {
    ctx.body = await getCart(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  router.post('/items', async (ctx) => {
    const body = parseInput(cartAddBodySchema, ctx.request.body, 'body');
    ctx.body = await addItem(serviceContext(ctx, deps), memberIdOf(ctx), body);
  });
  router.patch('/items/:skuId', async (ctx) => {
    const { skuId } = parseInput(cartSkuParamsSchema, ctx.params, 'params');
    const body = parseInput(cartUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateItem(serviceContext(ctx, deps), memberIdOf(ctx), skuId, body);
  });
  router.delete('/items/:skuId', async (ctx) => {
    const { skuId } = parseInput(cartSkuParamsSchema, ctx.params, 'params');
    ctx.body = await removeItem(serviceContext(ctx, deps), memberIdOf(ctx), skuId);
  });
  router.put('/selection', async (ctx) => {
    const body = parseInput(cartSelectionBodySchema, ctx.request.body, 'body');
    ctx.body = await selectAll(serviceContext(ctx, deps), memberIdOf(ctx), body.isSelected);
  });
  router.post('/merge', async (ctx) => {
    const body = parseInput(cartMergeBodySchema, ctx.request.body, 'body');
    ctx.body = await mergeCart(serviceContext(ctx, deps), memberIdOf(ctx), body);
  });
  return router;
}
