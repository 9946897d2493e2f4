import Router from '@koa/router';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { enableJourneyTemplate, listJourneyTemplates } from './service';

const keyParamsSchema = z.strictObject({ key: z.string().regex(/^[a-z_]{1,40}$/) });
const enableQuerySchema = z.strictObject({ again: z.enum(['0', '1']).optional() });

/** The built-in journey templates: listed with journeys:read, enabled (created + published) with journeys:write, audited. */
export function journeyTemplateRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  const canWrite = requireStaff(deps, 'journeys:write');

  router.get('/api/admin/journeys/templates', canRead, async (ctx) => {
    ctx.body = await listJourneyTemplates(serviceContext(ctx, deps));
  });
  router.post('/api/admin/journeys/templates/:key/enable', canWrite, async (ctx) => {
    const { key } = parseInput(keyParamsSchema, ctx.params, 'params');
    const query = parseInput(enableQuerySchema, ctx.query, 'query');
    ctx.status = 201;
    ctx.body = await enableJourneyTemplate(serviceContext(ctx, deps), key, query.again === '1');
  });
  return router;
}
