import Router from '@koa/router';
import { approvableKindSchema, idParamsSchema, promotionSettingsBodySchema } from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { decideApproval, listPendingApprovals } from './approval';
import { loadPromotionSettings, savePromotionSettings } from './settings';

const approvalParamsSchema = idParamsSchema.extend({ kind: approvableKindSchema });

/** Promotion settings (stacking matrix, approval depth) and the approval queue. */
export function promotionAdminRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  router.get('/promotion-settings', requireStaff(deps, 'promotions:read'), async (ctx) => {
    ctx.body = await loadPromotionSettings(deps.db);
  });
  router.put('/promotion-settings', requireStaff(deps, 'promotions:settings'), async (ctx) => {
    const body = parseInput(promotionSettingsBodySchema, ctx.request.body, 'body');
    ctx.body = await savePromotionSettings(serviceContext(ctx, deps), body);
  });
  router.get('/approvals', requireStaff(deps, 'promotions:read'), async (ctx) => {
    ctx.body = { items: await listPendingApprovals(serviceContext(ctx, deps)) };
  });
  router.post('/approvals/:kind/:id/:decision', requireStaff(deps, 'promotions:approve'), async (ctx) => {
    const params = parseInput(approvalParamsSchema.extend({ decision: z.enum(['approve', 'reject']) }), ctx.params, 'params');
    ctx.body = await decideApproval(serviceContext(ctx, deps), params.kind, params.id, params.decision === 'approve' ? 'approved' : 'rejected');
  });
  return router;
}
