import Router from '@koa/router';
import { cohortsQuerySchema, funnelQuerySchema, reportRangeQuerySchema } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { assertReportRange } from '../analytics-settings';
import { sendReportCsv } from '../exports';
import { cohortsReport } from './cohorts';
import { cohortsCsv, funnelCsv, repurchaseCsv } from './csv';
import { funnelReport } from './funnel';
import { repurchaseReport } from './repurchase';

const FILE_NAMES = { funnel: '转化漏斗', cohorts: '留存与LTV', repurchase: '复购分析' } as const;

function sendCsv(ctx: AppContext, name: keyof typeof FILE_NAMES, range: { from: string; to: string }, csv: string): void {
  sendReportCsv(ctx, name, FILE_NAMES[name], range, csv);
}

/**
 * The funnel, cohort / LTV and repurchase reports of 数据看板 (reports:read), as JSON and as CSV (`<name>.csv`).
 * They read the roll-ups only (stats_visits, stats_member_days, stats_members, stats_category_gaps). The CSVs are
 * a few hundred lines at most (channels + days, ≤ 24 cohorts × 25 months, categories), far below
 * EXPORT_SYNC_MAX_ROWS, so they are answered directly.
 */
export function reportRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/reports' });
  const read = requireStaff(deps, 'reports:read');

  const funnel = async (ctx: AppContext) => {
    const query = parseInput(funnelQuerySchema, ctx.query, 'query');
    await assertReportRange(deps.db, query, deps.now(), { events: true });
    ctx.set('Cache-Control', 'no-store');
    return { query, report: await funnelReport(deps.db, query) };
  };
  router.get('/funnel', read, async (ctx) => {
    ctx.body = (await funnel(ctx)).report;
  });
  router.get('/funnel.csv', read, async (ctx) => {
    const { query, report } = await funnel(ctx);
    sendCsv(ctx, 'funnel', query, funnelCsv(report));
  });

  const cohorts = async (ctx: AppContext) => {
    const query = parseInput(cohortsQuerySchema, ctx.query, 'query');
    const now = deps.now();
    await assertReportRange(deps.db, query, now);
    ctx.set('Cache-Control', 'no-store');
    return { query, report: await cohortsReport(deps.db, query, now) };
  };
  router.get('/cohorts', read, async (ctx) => {
    ctx.body = (await cohorts(ctx)).report;
  });
  router.get('/cohorts.csv', read, async (ctx) => {
    const { query, report } = await cohorts(ctx);
    sendCsv(ctx, 'cohorts', query, cohortsCsv(report));
  });

  const repurchase = async (ctx: AppContext) => {
    const query = parseInput(reportRangeQuerySchema, ctx.query, 'query');
    const now = deps.now();
    await assertReportRange(deps.db, query, now);
    ctx.set('Cache-Control', 'no-store');
    return { query, report: await repurchaseReport(deps.db, query, now) };
  };
  router.get('/repurchase', read, async (ctx) => {
    ctx.body = (await repurchase(ctx)).report;
  });
  router.get('/repurchase.csv', read, async (ctx) => {
    const { query, report } = await repurchase(ctx);
    sendCsv(ctx, 'repurchase', query, repurchaseCsv(report));
  });
  return router;
}
