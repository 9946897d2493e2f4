import Router from '@koa/router';
import { hotWordsBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { listHotWords, replaceHotWords } from './service';

/** 热搜: shoppers read the merchant's hot words; staff with catalog:write set them. */
export function hotWordRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/search/hot-words', async (ctx) => {
    ctx.body = await listHotWords(serviceContext(ctx, deps));
  });
  router.get('/api/admin/search/hot-words', requireStaff(deps, 'catalog:read'), async (ctx) => {
    ctx.body = await listHotWords(serviceContext(ctx, deps));
  });
  router.put('/api/admin/search/hot-words', requireStaff(deps, 'catalog:write'), async (ctx) => {
    const body = parseInput(hotWordsBodySchema, ctx.request.body, 'body');
    ctx.body = await replaceHotWords(serviceContext(ctx, deps), body);
  });
  return router;
}
