import Router from '@koa/router';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { homeSummary } from './service';

/** The console's home page: GET /api/admin/home (any staff role; figures by permission). */
export function adminHomeRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/home' });
  router.get('/', requireStaff(deps, null), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await homeSummary(serviceContext(ctx, deps));
  });
  return router;
}
