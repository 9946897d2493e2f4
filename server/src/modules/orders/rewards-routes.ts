import Router from '@koa/router';
import { idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { orderRewards } from './rewards';

/** What an order earned (支付结果 shows it): the member's own orders only. */
export function orderRewardRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/orders/:id/rewards', requireMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await orderRewards(serviceContext(ctx, deps), memberIdOf(ctx), id);
  });
  return router;
}
