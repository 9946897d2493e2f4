import Router from '@koa/router';
import { idParamsSchema, liveSessionBodySchema, liveSessionPatchSchema, liveSessionProductsBodySchema, promoCodeBodySchema, textSchema } from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { createPromoCode, listPromoCodes, stopPromoCode } from './promo-code-service';
import { sessionReport } from './report';
import { createSession, endSession, getSessionDetail, listSessions, setSessionProducts, updateSession } from './session-service';
import { getShopSession, getShopSessionByScene, listShopSessions } from './shop-service';

const sceneParamsSchema = z.strictObject({ scene: textSchema(32) });

/** The shop's live pages: /api/live-sessions (public; promo codes are never listed). */
export function liveSessionRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/live-sessions' });
  router.get('/', async (ctx) => {
    ctx.body = await listShopSessions(serviceContext(ctx, deps));
  });
  router.get('/scene/:scene', async (ctx) => {
    const { scene } = parseInput(sceneParamsSchema, ctx.params, 'params');
    ctx.body = await getShopSessionByScene(serviceContext(ctx, deps), scene);
  });
  router.get('/:id', async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getShopSession(serviceContext(ctx, deps), id);
  });
  return router;
}

/** Live sessions and their promo codes for staff (read: 'promotions:read'; every write: 'promotions:write', audited). */
export function adminLiveSessionRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  const read = requireStaff(deps, 'promotions:read');
  const write = requireStaff(deps, 'promotions:write');
  router.get('/live-sessions', read, async (ctx) => {
    ctx.body = await listSessions(serviceContext(ctx, deps));
  });
  router.post('/live-sessions', write, async (ctx) => {
    const body = parseInput(liveSessionBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createSession(serviceContext(ctx, deps), body);
  });
  router.get('/live-sessions/:id', read, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getSessionDetail(serviceContext(ctx, deps), id);
  });
  router.patch('/live-sessions/:id', write, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(liveSessionPatchSchema, ctx.request.body, 'body');
    ctx.body = await updateSession(serviceContext(ctx, deps), id, body);
  });
  router.put('/live-sessions/:id/products', write, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(liveSessionProductsBodySchema, ctx.request.body, 'body');
    ctx.body = await setSessionProducts(serviceContext(ctx, deps), id, body.productIds);
  });
  router.post('/live-sessions/:id/end', write, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await endSession(serviceContext(ctx, deps), id);
  });
  router.get('/live-sessions/:id/report', read, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await sessionReport(serviceContext(ctx, deps), id);
  });
  router.get('/live-sessions/:id/promo-codes', read, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await listPromoCodes(serviceContext(ctx, deps), id);
  });
  router.post('/live-sessions/:id/promo-codes', write, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(promoCodeBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createPromoCode(serviceContext(ctx, deps), id, body);
  });
  router.post('/promo-codes/:id/stop', write, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await stopPromoCode(serviceContext(ctx, deps), id);
  });
  return router;
}
