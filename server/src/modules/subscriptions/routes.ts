import Router from '@koa/router';
import { idParamSchema, idParamsSchema, idSchema } from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { listMySubscriptions, recordSubscriptionResults, subscriptionResultsBodySchema } from './grants';
import { restockWatchOf, watchRestock } from './restock';
import {
  createSubscribeTemplate,
  listSubscribeTemplates,
  subscribeSceneQuerySchema,
  subscribeTemplateBodySchema,
  subscribeTemplatePatchSchema,
  templatesForScene,
  updateSubscribeTemplate,
} from './templates';

/** A member's subscribe grants: record what wx.requestSubscribeMessage answered, read what is left (own rows only). */
export function subscriptionRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const member = requireMember(deps);
  router.post('/api/me/subscriptions', member, async (ctx) => {
    const body = parseInput(subscriptionResultsBodySchema, ctx.request.body, 'body');
    ctx.body = await recordSubscriptionResults(serviceContext(ctx, deps), memberIdOf(ctx), body);
  });
  router.get('/api/me/subscriptions', member, async (ctx) => {
    ctx.body = await listMySubscriptions(deps.db, memberIdOf(ctx));
  });
  // 到货提醒: the member's own watch on a sold-out product (told once when it is back in stock).
  router.post('/api/me/restock-watches', member, async (ctx) => {
    const { productId } = parseInput(z.strictObject({ productId: idSchema }), ctx.request.body, 'body');
    ctx.body = await watchRestock(serviceContext(ctx, deps), memberIdOf(ctx), productId);
  });
  router.get('/api/me/restock-watches/:productId', member, async (ctx) => {
    const { productId } = parseInput(z.strictObject({ productId: idParamSchema }), ctx.params, 'params');
    ctx.body = await restockWatchOf(serviceContext(ctx, deps), memberIdOf(ctx), productId);
  });
  // The shop's configuration: which template ids to ask for in a scene (no login needed).
  router.get('/api/subscribe-templates', async (ctx) => {
    const { scene } = parseInput(subscribeSceneQuerySchema, ctx.query, 'query');
    ctx.body = await templatesForScene(deps.db, scene);
  });
  return router;
}

/** Subscribe templates in the admin (read: journeys:read; write: journeys:write, audited). */
export function adminSubscribeTemplateRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/messaging/subscribe-templates' });
  const canRead = requireStaff(deps, 'journeys:read');
  const canWrite = requireStaff(deps, 'journeys:write');
  router.get('/', canRead, async (ctx) => {
    ctx.body = { items: await listSubscribeTemplates(deps.db) };
  });
  router.post('/', canWrite, async (ctx) => {
    const body = parseInput(subscribeTemplateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createSubscribeTemplate(serviceContext(ctx, deps), body);
  });
  router.patch('/:id', canWrite, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const patch = parseInput(subscribeTemplatePatchSchema, ctx.request.body, 'body');
    ctx.body = await updateSubscribeTemplate(serviceContext(ctx, deps), id, patch);
  });
  return router;
}
