import Router from '@koa/router';
import { crmSettingsSchema, idParamSchema } from '@siyu/shared';
import { z } from 'zod';
import { requireStaffActor, serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { findRebuild, latestRebuild, startCrmRebuild } from './rebuild';
import { crmSettingsView, lifecycleReport, rfmGrid, rfmScores, updateCrmSettings } from './service';

/**
 * Customer-data settings, rebuilds, the RFM grid and scores and the lifecycle report. Read with
 * members:read; settings and rebuilds are written with segments:write (the settings change is audited,
 * a requested rebuild is audited too).
 */
export function adminCrmRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'members:read');
  const canWrite = requireStaff(deps, 'segments:write');

  router.get('/api/admin/crm/settings', canRead, async (ctx) => {
    ctx.body = await crmSettingsView(deps.db);
  });
  router.put('/api/admin/crm/settings', canWrite, async (ctx) => {
    const body = parseInput(crmSettingsSchema, ctx.request.body, 'body');
    ctx.body = await updateCrmSettings(serviceContext(ctx, deps), deps.db, body);
  });
  router.post('/api/admin/crm/rebuilds', canWrite, async (ctx) => {
    const sc = serviceContext(ctx, deps);
    const rebuild = await startCrmRebuild(deps.db, 'manual', requireStaffActor(sc).id, sc.now);
    await recordAudit(sc, { action: 'crm.rebuild.start', targetType: 'crm_rebuild', targetId: rebuild?.id ?? null });
    ctx.status = 202;
    ctx.body = { rebuild };
  });
  router.get('/api/admin/crm/rebuilds/latest', canRead, async (ctx) => {
    const rebuild = await latestRebuild(deps.db);
    if (!rebuild) throw new AppError('NOT_FOUND');
    ctx.body = rebuild;
  });
  router.get('/api/admin/crm/rebuilds/:id', canRead, async (ctx) => {
    const { id } = parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params');
    const rebuild = await findRebuild(deps.db, id);
    if (!rebuild) throw new AppError('NOT_FOUND');
    ctx.body = rebuild;
  });
  router.get('/api/admin/rfm', canRead, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await rfmGrid(deps.db);
  });
  router.get('/api/admin/rfm/scores', canRead, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await rfmScores(deps.db);
  });
  router.get('/api/admin/lifecycle', canRead, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await lifecycleReport(deps.db, deps.now());
  });
  return router;
}
