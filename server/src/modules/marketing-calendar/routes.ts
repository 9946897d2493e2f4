import Router from '@koa/router';
import { roleCan } from '@siyu/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { marketingCalendar } from './service';

const querySchema = z.object({ month: z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') });

/** 营销日历: GET /api/admin/marketing-calendar?month=YYYY-MM, for staff who may read journeys or promotions. */
export function adminMarketingCalendarRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/admin/marketing-calendar', requireStaff(deps, null), async (ctx) => {
    const role = ctx.state.staff?.role;
    if (!role || !(roleCan(role, 'journeys:read') || roleCan(role, 'promotions:read'))) {
      throw new AppError('FORBIDDEN', undefined, { permission: 'journeys:read' });
    }
    const { month } = parseInput(querySchema, ctx.query, 'query');
    ctx.body = await marketingCalendar(deps.db, month);
  });
  return router;
}
