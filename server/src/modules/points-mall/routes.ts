import Router from '@koa/router';
import {
  idParamsSchema,
  pointsMallItemBodySchema,
  pointsMallItemPatchSchema,
  pointsMallRedeemBodySchema,
  pointsMallRedemptionsQuerySchema,
} from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, optionalMember, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { createItem, listAdminItems, patchItem } from './admin-service';
import { getShopItem, listMyRedemptions, listShopItems } from './member-service';
import { redeemItem } from './redeem';

/** The same rule as POST /api/orders. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

function idempotencyKeyOf(ctx: AppContext): string {
  const key = ctx.get('idempotency-key');
  if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', undefined, { header: 'Idempotency-Key', pattern: IDEMPOTENCY_KEY.source });
  return key;
}

/** After a points + cash redemption committed: its order's close job (the sweeper covers a failure here). */
async function scheduleClose(deps: AppDeps, ctx: AppContext, orderId: number, at: Date): Promise<void> {
  try {
    await deps.jobs?.scheduleOrderClose(orderId, at);
  } catch (error) {
    ctx.state.log.warn({ err: error, orderId }, 'could not schedule the order-close job; the sweeper will close it');
  }
}

/** The shop's points mall: items (guests see them too), redeeming, the member's redemptions. */
export function pointsMallRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api' });
  router.get('/points-mall/items', optionalMember(deps), async (ctx) => {
    ctx.body = await listShopItems(serviceContext(ctx, deps), ctx.state.memberId);
  });
  router.get('/points-mall/items/:id', optionalMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getShopItem(serviceContext(ctx, deps), ctx.state.memberId, id);
  });
  router.post('/points-mall/items/:id/redeem', requireMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const idempotencyKey = idempotencyKeyOf(ctx);
    const body = parseInput(pointsMallRedeemBodySchema, ctx.request.body ?? {}, 'body');
    const result = await redeemItem(serviceContext(ctx, deps), {
      memberId: memberIdOf(ctx),
      itemId: id,
      idempotencyKey,
      body,
      paymentWindowMinutes: deps.config.commerce.paymentWindowMinutes,
    });
    const orderId = result.redemption.orderId;
    if (result.paymentDueAt && orderId !== null) await scheduleClose(deps, ctx, orderId, result.paymentDueAt);
    ctx.status = result.isReplay ? 200 : 201;
    ctx.body = result.redemption;
  });
  router.get('/me/points-mall/redemptions', requireMember(deps), async (ctx) => {
    const query = parseInput(pointsMallRedemptionsQuerySchema, ctx.query, 'query');
    ctx.body = await listMyRedemptions(serviceContext(ctx, deps), memberIdOf(ctx), query);
  });
  return router;
}

/** Points mall items for staff: /api/admin/points-mall/items (members:read to see, membership:write to change). */
export function adminPointsMallRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/points-mall/items' });
  router.get('/', requireStaff(deps, 'members:read'), async (ctx) => {
    ctx.body = await listAdminItems(serviceContext(ctx, deps));
  });
  router.post('/', requireStaff(deps, 'membership:write'), async (ctx) => {
    const body = parseInput(pointsMallItemBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createItem(serviceContext(ctx, deps), body);
  });
  router.patch('/:id', requireStaff(deps, 'membership:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(pointsMallItemPatchSchema, ctx.request.body, 'body');
    ctx.body = await patchItem(serviceContext(ctx, deps), id, body);
  });
  return router;
}
