import fs from 'node:fs';
import Router from '@koa/router';
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { idParamSchema, idParamsSchema, reportRangeQuerySchema, type ExportStatus, type ReportExportView } from '@siyu/shared';
import { reportExports } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { assertReportRange } from '../analytics-settings';
import './paid-orders';
import { answerCsv, attachmentHeader } from './registry';
import { exportDownloadLink, exportFilePath } from './worker';

const listQuerySchema = z.strictObject({
  before: idParamSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

function staffIdOf(ctx: AppContext): number {
  const actor = ctx.state.staff;
  if (!actor) throw new Error('exports route without requireStaff');
  return actor.id;
}

function view(row: typeof reportExports.$inferSelect): ReportExportView {
  const total = row.totalRows;
  return {
    id: row.id,
    report: row.report,
    status: row.status as ExportStatus,
    totalRows: total,
    doneRows: row.doneRows,
    progress: row.status === 'done' || row.status === 'expired' ? 1 : total ? Math.min(1, Math.round((row.doneRows / total) * 10_000) / 10_000) : 0,
    downloadUrl: row.status === 'done' ? exportDownloadLink(row.id) : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

async function ownExport(deps: AppDeps, ctx: AppContext): Promise<typeof reportExports.$inferSelect> {
  const { id } = parseInput(idParamsSchema, ctx.params, 'params');
  const [row] = await deps.db
    .select()
    .from(reportExports)
    .where(and(eq(reportExports.id, id), eq(reportExports.staffId, staffIdOf(ctx))));
  if (!row) throw new AppError('EXPORT_NOT_FOUND', `export ${id} not found`);
  return row;
}

/**
 * Background CSV exports (any signed-in staff member, their own only): GET /api/admin/exports?before&limit,
 * GET /api/admin/exports/:id (404 EXPORT_NOT_FOUND for anyone else's), GET /api/admin/exports/:id/download
 * (409 EXPORT_NOT_READY until done, 410 EXPORT_EXPIRED once its file was deleted after EXPORT_KEEP_DAYS).
 * Also the paid-orders report CSV (reports:read):
 * GET /api/admin/reports/paid-orders.csv?from&to — direct up to 100,000 rows, else 202 and a job.
 */
export function exportRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/admin/exports', requireStaff(deps, null), async (ctx) => {
    const query = parseInput(listQuerySchema, ctx.query, 'query');
    const rows = await deps.db
      .select()
      .from(reportExports)
      .where(and(eq(reportExports.staffId, staffIdOf(ctx)), query.before === undefined ? undefined : lt(reportExports.id, query.before)))
      .orderBy(desc(reportExports.id))
      .limit(query.limit);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: rows.map(view) };
  });
  router.get('/api/admin/exports/:id', requireStaff(deps, null), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = view(await ownExport(deps, ctx));
  });
  router.get('/api/admin/exports/:id/download', requireStaff(deps, null), async (ctx) => {
    const row = await ownExport(deps, ctx);
    if (row.status === 'expired') throw new AppError('EXPORT_EXPIRED', `export ${row.id} expired`);
    if (row.status !== 'done') throw new AppError('EXPORT_NOT_READY', `export ${row.id} is ${row.status}`, { status: row.status });
    const file = exportFilePath(deps, row.id);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat) throw new AppError('EXPORT_NOT_FOUND', `export ${row.id} has no file`);
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', attachmentHeader(row.fileName ?? `export-${row.id}.csv`));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.length = stat.size;
    ctx.body = fs.createReadStream(file);
  });
  router.get('/api/admin/reports/paid-orders.csv', requireStaff(deps, 'reports:read'), async (ctx) => {
    const range = parseInput(reportRangeQuerySchema, ctx.query, 'query');
    await assertReportRange(deps.db, range, deps.now());
    await answerCsv(ctx, deps, 'paid-orders', { from: range.from, to: range.to }, `支付订单-${range.from}-${range.to}.csv`);
  });
  return router;
}
