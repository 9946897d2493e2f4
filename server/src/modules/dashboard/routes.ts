import Router from '@koa/router';
import { z } from 'zod';
import { analyticsSettingsBodySchema, chinaDate, kpiMonthSchema, kpiTargetsBodySchema, reportRangeQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { dashboardBreakdown, dashboardOverview, getAnalyticsSettings, kpiReport, setKpiTargets, updateAnalyticsSettings } from './service';

/** ?month=YYYY-MM (default: this China month); anything else is 400 KPI_MONTH_INVALID. */
const kpiQuerySchema = z.strictObject({ month: z.string().max(32).optional() });

function kpiMonth(value: string | undefined, now: Date): string {
  if (value === undefined) return chinaDate(now).slice(0, 7);
  if (!kpiMonthSchema.safeParse(value).success) throw new AppError('KPI_MONTH_INVALID', `month ${JSON.stringify(value.slice(0, 32))}`);
  return value;
}

/**
 * The 数据概况 home (reports:read): overview and channel breakdown; KPI targets (read: reports:read, set:
 * reports:targets); analytics settings (read: reports:read, change: reports:settings). Read only roll-ups.
 */
export function dashboardRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  const robotConfigured = () => deps.config.dailyReportWebhookUrl !== null;

  router.get('/dashboard/overview', requireStaff(deps, 'reports:read'), async (ctx) => {
    const range = parseInput(reportRangeQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await dashboardOverview(serviceContext(ctx, deps), range);
  });
  router.get('/dashboard/breakdown', requireStaff(deps, 'reports:read'), async (ctx) => {
    const range = parseInput(reportRangeQuerySchema, ctx.query, 'query');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await dashboardBreakdown(serviceContext(ctx, deps), range);
  });

  router.get('/kpi', requireStaff(deps, 'reports:read'), async (ctx) => {
    const query = parseInput(kpiQuerySchema, ctx.query, 'query');
    const sc = serviceContext(ctx, deps);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await kpiReport(sc, kpiMonth(query.month, sc.now));
  });
  router.put('/kpi/targets/:month', requireStaff(deps, 'reports:targets'), async (ctx) => {
    const sc = serviceContext(ctx, deps);
    const month = kpiMonth(ctx.params.month ?? '', sc.now);
    const body = parseInput(kpiTargetsBodySchema, ctx.request.body, 'body');
    ctx.body = await setKpiTargets(sc, month, body);
  });

  router.get('/analytics/settings', requireStaff(deps, 'reports:read'), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getAnalyticsSettings(serviceContext(ctx, deps), robotConfigured());
  });
  router.put('/analytics/settings', requireStaff(deps, 'reports:settings'), async (ctx) => {
    const body = parseInput(analyticsSettingsBodySchema, ctx.request.body, 'body');
    ctx.body = await updateAnalyticsSettings(serviceContext(ctx, deps), body, robotConfigured());
  });
  return router;
}
