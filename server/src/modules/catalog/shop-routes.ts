import { idParamsSchema, productListQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { optionalMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { categoryTree } from './category-service';
import { getShopProduct, listShopProducts } from './shop-service';

/** Shopper routes: open to guests; a member token, when sent, prices at the member's tier. */
export function registerShopRoutes(router: AppRouter, deps: AppDeps): void {
  router.get('/api/categories', async (ctx) => {
    ctx.body = { items: await categoryTree(serviceContext(ctx, deps)) };
  });
  router.get('/api/products', optionalMember(deps), async (ctx) => {
    const query = parseInput(productListQuerySchema, ctx.query, 'query');
    ctx.body = await listShopProducts(serviceContext(ctx, deps), query);
  });
  router.get('/api/products/:id', optionalMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getShopProduct(serviceContext(ctx, deps), id);
  });
}
