import Router from '@koa/router';
import { idParamSchema } from '@siyu/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { experimentReport, listExperiments } from './report';

/** Experiments (A/B + holdout) for staff with journeys:read: the list and each one's report. */
export function adminExperimentRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  router.get('/api/admin/experiments', canRead, async (ctx) => {
    ctx.body = { items: await listExperiments(deps.db) };
  });
  router.get('/api/admin/experiments/:id/report', canRead, async (ctx) => {
    const { id } = parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params');
    ctx.body = await experimentReport(deps.db, id);
  });
  return router;
}
