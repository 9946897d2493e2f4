import Router from '@koa/router';
import { idParamsSchema, ledgerAdjustmentBodySchema, membershipSettingsSchema, pointsLedgerQuerySchema, tiersBodySchema } from '@siyu/shared';
import { inTransaction, serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, optionalMember, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { getTiersAdmin, putMembershipSettings, putTiers } from './admin-service';
import { adjustGrowth } from './growth';
import { getMemberGrowth, getMembershipView } from './member-service';
import { getTierReevaluation, startTierReevaluation } from './reevaluation';
import { loadMembershipSettings } from './settings';
import { productTierUpsell } from './tier-upsell';

/** The member's 会员中心: GET /api/me/membership; the product page's next-tier upsell (guests: none). */
export function membershipRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api' });
  router.get('/me/membership', requireMember(deps), async (ctx) => {
    ctx.body = await getMembershipView(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  router.get('/products/:id/tier-upsell', optionalMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await productTierUpsell(serviceContext(ctx, deps), ctx.state.memberId, id);
  });
  return router;
}

/** 会员等级 for staff: tiers, membership settings, re-evaluation progress, a member's growth and adjustments. */
export function adminMembershipRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  router.get('/tiers', requireStaff(deps, 'members:read'), async (ctx) => {
    ctx.body = await getTiersAdmin(serviceContext(ctx, deps));
  });
  router.put('/tiers', requireStaff(deps, 'membership:write'), async (ctx) => {
    const body = parseInput(tiersBodySchema, ctx.request.body, 'body');
    const { view, queuedReevaluationId } = await putTiers(serviceContext(ctx, deps), body);
    if (queuedReevaluationId !== null) startTierReevaluation(deps, queuedReevaluationId, ctx.state.requestId);
    ctx.body = view;
  });
  router.get('/tiers/reevaluations/:id', requireStaff(deps, 'members:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getTierReevaluation(serviceContext(ctx, deps), id);
  });
  router.get('/membership-settings', requireStaff(deps, 'members:read'), async (ctx) => {
    ctx.body = await loadMembershipSettings(deps.db);
  });
  router.put('/membership-settings', requireStaff(deps, 'membership:write'), async (ctx) => {
    const body = parseInput(membershipSettingsSchema, ctx.request.body, 'body');
    ctx.body = await putMembershipSettings(serviceContext(ctx, deps), body);
  });
  // The growth ledger pages like the points ledger (cursor, limit).
  router.get('/members/:id/growth', requireStaff(deps, 'members:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const query = parseInput(pointsLedgerQuerySchema, ctx.query, 'query');
    ctx.body = await getMemberGrowth(serviceContext(ctx, deps), id, query);
  });
  router.post('/members/:id/growth-adjustments', requireStaff(deps, 'membership:adjust'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(ledgerAdjustmentBodySchema, ctx.request.body, 'body');
    const sc = serviceContext(ctx, deps);
    await inTransaction(sc, (tx) => adjustGrowth(tx, id, body.delta, body.reason));
    ctx.status = 201;
    ctx.body = await getMemberGrowth(sc, id, { limit: 20 });
  });
  return router;
}
