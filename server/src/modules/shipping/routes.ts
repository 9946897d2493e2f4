import Router from '@koa/router';
import { idParamsSchema, productShippingBodySchema, shippingTemplateInputSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import {
  createShippingTemplate,
  deleteShippingTemplate,
  getProductShipping,
  getShippingTemplate,
  listShippingTemplates,
  setProductShipping,
  updateShippingTemplate,
} from './service';

const idOf = (ctx: AppContext): number => parseInput(idParamsSchema, ctx.params, 'params').id;

/**
 * Shipping templates (运费模板) and a product's shipping settings, for staff: read with
 * catalog:read, write with catalog:write (templates are part of running the catalog); every write is audited.
 */
export function adminShippingRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'catalog:read');
  const canWrite = requireStaff(deps, 'catalog:write');
  router.get('/api/admin/shipping-templates', canRead, async (ctx) => {
    ctx.body = { items: await listShippingTemplates(serviceContext(ctx, deps)) };
  });
  router.post('/api/admin/shipping-templates', canWrite, async (ctx) => {
    const body = parseInput(shippingTemplateInputSchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createShippingTemplate(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/shipping-templates/:id', canRead, async (ctx) => {
    ctx.body = await getShippingTemplate(serviceContext(ctx, deps), idOf(ctx));
  });
  router.put('/api/admin/shipping-templates/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(shippingTemplateInputSchema, ctx.request.body, 'body');
    ctx.body = await updateShippingTemplate(serviceContext(ctx, deps), id, body);
  });
  router.delete('/api/admin/shipping-templates/:id', canWrite, async (ctx) => {
    await deleteShippingTemplate(serviceContext(ctx, deps), idOf(ctx));
    ctx.status = 204;
  });
  router.get('/api/admin/products/:id/shipping', canRead, async (ctx) => {
    ctx.body = await getProductShipping(serviceContext(ctx, deps), idOf(ctx));
  });
  router.put('/api/admin/products/:id/shipping', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(productShippingBodySchema, ctx.request.body, 'body');
    ctx.body = await setProductShipping(serviceContext(ctx, deps), id, body);
  });
  return router;
}
