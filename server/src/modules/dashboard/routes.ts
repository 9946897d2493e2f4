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

/** ?month=YYYY-MM (default: this China month) and the :month of a PUT. */
const kpiQuerySchema = z.strictObject({ month: kpiMonthSchema.optional() });
const kpiParamsSchema = z.strictObject({ month: kpiMonthSchema });

/** Parses the month with its schema (the route walk sees it); a bad month is 400 KPI_MONTH_INVALID, not VALIDATION_FAILED. */
function parseMonth<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'params'): z.output<T> {
  try {
    return parseInput(schema, value, where);
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw new AppError('KPI_MONTH_INVALID', error.message, error.details);
    throw error;
  }
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
    const query = parseMonth(kpiQuerySchema, ctx.query, 'query');
    const sc = serviceContext(ctx, deps);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await kpiReport(sc, query.month ?? chinaDate(sc.now).slice(0, 7));
  });
  router.put('/kpi/targets/:month', requireStaff(deps, 'reports:targets'), async (ctx) => {
    const { month } = parseMonth(kpiParamsSchema, ctx.params, 'params');
    const body = parseInput(kpiTargetsBodySchema, ctx.request.body, 'body');
    ctx.body = await setKpiTargets(serviceContext(ctx, deps), month, body);
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
