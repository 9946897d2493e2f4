import Router from '@koa/router';
import { z } from 'zod';
import { analyticsDaySchema } from '@siyu/shared';
import { inTransaction, serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { deliverPendingRobotMessages, findDailyReport, listDailyReports, requeueRobotMessage } from './service';

const listQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30) });
const dayParamsSchema = z.strictObject({ day: analyticsDaySchema });

/**
 * 日报: GET /api/admin/daily-reports?limit (reports:read) — recent reports with their robot status;
 * POST /api/admin/daily-reports/:day/resend (reports:settings, audited) — posts the day's report to the
 * WeCom robot again (409 DAILY_REPORT_ROBOT_OFF without a webhook).
 */
export function dailyReportRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/daily-reports' });
  router.get('/', requireStaff(deps, 'reports:read'), async (ctx) => {
    const { limit } = parseInput(listQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: await listDailyReports(deps.db, limit), robotConfigured: deps.config.dailyReportWebhookUrl !== null };
  });
  router.post('/:day/resend', requireStaff(deps, 'reports:settings'), async (ctx) => {
    const { day } = parseInput(dayParamsSchema, ctx.params, 'params');
    if (!deps.config.dailyReportWebhookUrl) throw new AppError('DAILY_REPORT_ROBOT_OFF');
    const sc = serviceContext(ctx, deps);
    await inTransaction(sc, async (tx) => {
      const before = await requeueRobotMessage(tx.db, day);
      if (!before) throw new AppError('DAILY_REPORT_NOT_FOUND', `no daily report for ${day}`);
      await recordAudit(tx, {
        action: 'daily_report.resend',
        targetType: 'daily_report',
        targetId: day,
        before: { robotStatus: before.robotStatus, robotAttempts: before.robotAttempts },
        after: { robotStatus: 'pending' },
      });
    });
    // The post itself happens outside the transaction (house rule: no HTTP inside one).
    await deliverPendingRobotMessages(deps, deps.now());
    ctx.body = await findDailyReport(deps.db, day);
  });
  return router;
}
