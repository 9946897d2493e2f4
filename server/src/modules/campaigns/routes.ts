import Router from '@koa/router';
import { idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { campaignBodySchema, campaignListQuerySchema } from './schemas';
import { cancelCampaign, createCampaign, getCampaign, listCampaigns } from './service';

const idOf = (ctx: AppContext): number => parseInput(idParamsSchema, ctx.params, 'params').id;

/** One-off campaigns (broadcasts and coupon drops to a segment at a time): read with journeys:read, write with journeys:write; writes audited. */
export function adminCampaignRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  const canWrite = requireStaff(deps, 'journeys:write');

  router.get('/api/admin/campaigns', canRead, async (ctx) => {
    const query = parseInput(campaignListQuerySchema, ctx.query, 'query');
    ctx.body = await listCampaigns(serviceContext(ctx, deps), query);
  });
  router.post('/api/admin/campaigns', canWrite, async (ctx) => {
    const body = parseInput(campaignBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createCampaign(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/campaigns/:id', canRead, async (ctx) => {
    ctx.body = await getCampaign(serviceContext(ctx, deps), idOf(ctx));
  });
  router.post('/api/admin/campaigns/:id/cancel', canWrite, async (ctx) => {
    ctx.body = await cancelCampaign(serviceContext(ctx, deps), idOf(ctx));
  });
  return router;
}
