import Router from '@koa/router';
import {
  adminOrderSearchQuerySchema,
  idParamsSchema,
  orderExportQuerySchema,
  orderNoteBodySchema,
  orderStatusCountsQuerySchema,
  shipBodySchema,
  shipImportBodySchema,
  trackingUpdateBodySchema,
} from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { streamOrdersCsv } from './export';
import { countOrdersByStatus } from './filters';
import { addOrderNote, listOrderNotes } from './notes';
import { getOrderForStaff, listOrdersForStaff, shipOrder } from './service';
import { importShipments } from './ship-import';
import { updateTracking } from './tracking';

/** "订单-20261124-1309.csv", with an ASCII fallback name for old clients. */
function attachment(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `attachment; filename="orders-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`订单-${stamp}.csv`)}`;
}

/** Staff order pages: /api/admin/orders (read and export: every role; ship, tracking, notes, batch shipping: 'orders:manage'). */
export function adminOrderRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/orders' });
  router.get('/', requireStaff(deps, 'orders:read'), async (ctx) => {
    const query = parseInput(adminOrderSearchQuerySchema, ctx.query, 'query');
    ctx.body = await listOrdersForStaff(serviceContext(ctx, deps), deps, query);
  });
  // The fixed paths go before '/:id', which would take them for an id.
  router.get('/status-counts', requireStaff(deps, 'orders:read'), async (ctx) => {
    const query = parseInput(orderStatusCountsQuerySchema, ctx.query, 'query');
    ctx.body = await countOrdersByStatus(serviceContext(ctx, deps).db, deps, query);
  });
  router.get('/export.csv', requireStaff(deps, 'orders:read'), async (ctx) => {
    const filter = parseInput(orderExportQuerySchema, ctx.query, 'query');
    const sc = serviceContext(ctx, deps);
    ctx.set('Content-Disposition', attachment(sc.now));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = streamOrdersCsv(sc, deps, filter);
  });
  router.post('/ship-import', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const body = parseInput(shipImportBodySchema, ctx.request.body, 'body');
    ctx.body = await importShipments(serviceContext(ctx, deps), body);
  });
  router.get('/:id', requireStaff(deps, 'orders:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getOrderForStaff(serviceContext(ctx, deps), deps, id);
  });
  router.post('/:id/ship', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(shipBodySchema, ctx.request.body, 'body');
    ctx.body = await shipOrder(serviceContext(ctx, deps), deps, id, body);
  });
  router.put('/:id/tracking', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(trackingUpdateBodySchema, ctx.request.body, 'body');
    const sc = serviceContext(ctx, deps);
    await updateTracking(sc, id, body);
    ctx.body = await getOrderForStaff(sc, deps, id);
  });
  router.get('/:id/notes', requireStaff(deps, 'orders:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await listOrderNotes(serviceContext(ctx, deps), id);
  });
  router.post('/:id/notes', requireStaff(deps, 'orders:manage'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(orderNoteBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await addOrderNote(serviceContext(ctx, deps), id, body.note);
  });
  return router;
}
