import Router from '@koa/router';
import {
  adminRefundListQuerySchema,
  afterSaleSettingsSchema,
  idParamsSchema,
  refundApproveBodySchema,
  refundCreateBodySchema,
  refundParamsSchema,
  refundRejectBodySchema,
  returnShipmentBodySchema,
} from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { approveRefund, confirmReturnReceipt } from '../../flows/refund';
import { getAfterSaleSettings, saveAfterSaleSettings } from './after-sale-settings';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { getRefundForStaff, listOrderRefunds, listRefundsForStaff, recordReturnShipment, rejectRefund, requestRefund } from './service';

/** The member's refund requests on their own orders: /api/orders/:id/refunds. */
export function refundRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/orders' });
  router.post('/:id/refunds', requireMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(refundCreateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await requestRefund(serviceContext(ctx, deps), memberIdOf(ctx), id, body);
  });
  router.post('/:id/refunds/:refundId/return-shipment', requireMember(deps), async (ctx) => {
    const params = parseInput(refundParamsSchema, ctx.params, 'params');
    const body = parseInput(returnShipmentBodySchema, ctx.request.body, 'body');
    ctx.body = await recordReturnShipment(serviceContext(ctx, deps), memberIdOf(ctx), params, body);
  });
  router.get('/:id/refunds', requireMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await listOrderRefunds(serviceContext(ctx, deps), memberIdOf(ctx), id);
  });
  return router;
}

/** Refund review: /api/admin/refunds (read: every role; approve, reject, confirm receipt and the return address: 'orders:manage'). */
export function adminRefundRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/refunds' });
  router.get('/', requireStaff(deps, 'orders:read'), async (ctx) => {
    const query = parseInput(adminRefundListQuerySchema, ctx.query, 'query');
    ctx.body = await listRefundsForStaff(serviceContext(ctx, deps), deps.phoneCrypto, query);
  });
  // Before '/:id', which would take "settings" for an id.
  router.get('/settings', requireStaff(deps, 'orders:read'), async (ctx) => {
    ctx.body = await getAfterSaleSettings(serviceContext(ctx, deps));
  });
  router.put('/settings', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const body = parseInput(afterSaleSettingsSchema, ctx.request.body, 'body');
    ctx.body = await saveAfterSaleSettings(serviceContext(ctx, deps), body);
  });
  router.get('/:id', requireStaff(deps, 'orders:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getRefundForStaff(serviceContext(ctx, deps), id);
  });
  router.post('/:id/confirm-receipt', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await confirmReturnReceipt(serviceContext(ctx, deps), deps, id);
  });
  router.post('/:id/approve', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(refundApproveBodySchema, ctx.request.body, 'body');
    ctx.body = await approveRefund(serviceContext(ctx, deps), deps, id, body.restock);
  });
  router.post('/:id/reject', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(refundRejectBodySchema, ctx.request.body, 'body');
    ctx.body = await rejectRefund(serviceContext(ctx, deps), id, body.note);
  });
  return router;
}
