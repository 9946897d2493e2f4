import Router from '@koa/router';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { registerWecomMessaging } from './registry';
import { getWelcomeSettings, putWelcomeSettings, wecomWelcomeBodySchema } from './welcome';

const WELCOME_PATH = '/api/admin/messaging/wecom-welcome';

/** The WeCom welcome message setting (read: journeys:read; write: journeys:write, audited). */
export function wecomMessagingRoutes(deps: AppDeps): AppRouter {
  registerWecomMessaging(deps);
  const router: AppRouter = new Router();
  router.get(WELCOME_PATH, requireStaff(deps, 'journeys:read'), async (ctx) => {
    ctx.body = await getWelcomeSettings(deps.db);
  });
  router.put(WELCOME_PATH, requireStaff(deps, 'journeys:write'), async (ctx) => {
    const body = parseInput(wecomWelcomeBodySchema, ctx.request.body, 'body');
    ctx.body = await putWelcomeSettings(serviceContext(ctx, deps), body);
  });
  return router;
}
