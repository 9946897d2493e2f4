import Router from '@koa/router';
import { auditLogQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { listAudit } from './service';

/** GET /api/admin/audit-log (owner only). */
export function auditRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/admin/audit-log', requireStaff(deps, 'audit:read'), async (ctx) => {
    const query = parseInput(auditLogQuerySchema, ctx.query, 'query');
    ctx.body = await listAudit(serviceContext(ctx, deps), query);
  });
  return router;
}
