import Router from '@koa/router';
import { channelReportQuerySchema, type ChannelReportQuery } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { channelReportCsv } from './csv';
import { channelReport } from './service';

/** "渠道报表-2026-08-01-2026-11-28-first.csv", with an ASCII fallback name for old clients. */
function attachment(query: ChannelReportQuery): string {
  const stamp = `${query.from}-${query.to}-${query.model}`;
  return `attachment; filename="channel-report-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`渠道报表-${stamp}.csv`)}`;
}

async function answer(ctx: AppContext, deps: AppDeps, query: ChannelReportQuery): Promise<void> {
  const report = await channelReport(deps.db, query);
  ctx.set('Cache-Control', 'no-store');
  if (query.format === 'csv') {
    ctx.set('Content-Disposition', attachment(query));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = channelReportCsv(report);
  } else {
    ctx.body = report;
  }
}

/**
 * The channel report (channels:read): GET /api/admin/channels/report?from&to&model (JSON, or CSV with
 * format=csv) and GET /api/admin/channels/report.csv. Registered before the channels router, whose
 * `/api/admin/channels/:id` would otherwise take "report" for an id.
 */
export function channelReportRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/channels' });
  router.get('/report', requireStaff(deps, 'channels:read'), async (ctx) => {
    await answer(ctx, deps, parseInput(channelReportQuerySchema, ctx.query, 'query'));
  });
  router.get('/report.csv', requireStaff(deps, 'channels:read'), async (ctx) => {
    await answer(ctx, deps, { ...parseInput(channelReportQuerySchema, ctx.query, 'query'), format: 'csv' });
  });
  return router;
}
