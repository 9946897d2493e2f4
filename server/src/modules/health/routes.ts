import Router from '@koa/router';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AppRouter } from '../../http/types';

/** GET /api/health: 200 when the database answers, 503 SERVICE_UNAVAILABLE otherwise. */
export function healthRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/health', async (ctx) => {
    const isDbUp = await deps.database.ping();
    if (!isDbUp) throw new AppError('SERVICE_UNAVAILABLE', undefined, { db: 'down' });
    ctx.body = { status: 'ok', db: 'up', driver: deps.database.driver, wechat: deps.config.wechat.simulator ? 'simulator' : 'live' };
  });
  return router;
}
