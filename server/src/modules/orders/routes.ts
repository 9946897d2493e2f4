import Router from '@koa/router';
import { idParamsSchema, orderCancelBodySchema, orderCreateBodySchema, orderListQuerySchema, quoteBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { placeOrder } from '../../flows/checkout';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { quoteCheckout } from '../promotions';
import { cancelMemberOrder, confirmReceipt, getMemberOrder, listMemberOrders } from './service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** Checkout and the member's orders. */
export function orderRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api' });
  const member = requireMember(deps);

  router.post('/checkout/quote', member, async (ctx) => {
    const body = parseInput(quoteBodySchema, ctx.request.body, 'body');
    ctx.body = await quoteCheckout(serviceContext(ctx, deps), deps, memberIdOf(ctx), body);
  });

  router.post('/orders', member, async (ctx) => {
    const key = ctx.get('idempotency-key');
    if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', undefined, { header: 'Idempotency-Key', pattern: IDEMPOTENCY_KEY.source });
    const body = parseInput(orderCreateBodySchema, ctx.request.body, 'body');
    const result = await placeOrder(serviceContext(ctx, deps), deps, memberIdOf(ctx), key, body);
    ctx.status = result.isReplay ? 200 : 201;
    ctx.body = result.order;
  });

  router.get('/orders', member, async (ctx) => {
    const query = parseInput(orderListQuerySchema, ctx.query, 'query');
    ctx.body = await listMemberOrders(serviceContext(ctx, deps), deps, memberIdOf(ctx), query);
  });

  router.get('/orders/:id', member, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getMemberOrder(serviceContext(ctx, deps), deps, memberIdOf(ctx), id);
  });

  router.post('/orders/:id/cancel', member, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(orderCancelBodySchema, ctx.request.body ?? {}, 'body');
    ctx.body = await cancelMemberOrder(serviceContext(ctx, deps), deps, memberIdOf(ctx), id, body.reason);
  });

  router.post('/orders/:id/confirm-receipt', member, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await confirmReceipt(serviceContext(ctx, deps), deps, memberIdOf(ctx), id);
  });
  return router;
}
