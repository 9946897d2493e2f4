import { EXPORT_SYNC_MAX_ROWS, protectCell, serializeCsv } from '@siyu/shared';
import type { Executor } from '../../db/client';
import type { AppDeps } from '../../deps';
import type { AppContext } from '../../http/types';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { reportExports } from '../../db/schema';

/*
 * Report CSVs of any size (issue 16). A report registers its rows once as a named source; its route calls
 * answerCsv: up to EXPORT_SYNC_MAX_ROWS rows answer the CSV at once, more are queued as a report_exports row
 * (202 { exportId, status }) and written by the export worker in pages of EXPORT_PAGE_ROWS rows.
 */

export type CsvCell = string | number | null;

/** What a source may need beyond the database (phones are stored encrypted). */
export interface CsvSourceEnv {
  phoneCrypto: PhoneCrypto;
}

export interface CsvSource<P = Record<string, unknown>> {
  /** The header row (Chinese labels). */
  header: string[];
  /** How many rows `rows` gives for these params (decides direct answer or background job). */
  count(db: Executor, params: P): Promise<number>;
  /** Rows `offset` … `offset + limit − 1` in a stable order (the worker pages through them). */
  rows(db: Executor, params: P, offset: number, limit: number, env: CsvSourceEnv): Promise<CsvCell[][]>;
}

/** Rows per page, both for a direct answer and for the worker (and its progress steps). */
export const EXPORT_PAGE_ROWS = 10_000;

const sources = new Map<string, CsvSource>();

/** Registers (or replaces) a named CSV source; the name is stored on the export row (report_exports.report). */
export function registerCsvSource<P extends object>(name: string, source: CsvSource<P>): void {
  sources.set(name, source as unknown as CsvSource);
}

export function csvSource(name: string): CsvSource | null {
  return sources.get(name) ?? null;
}

/** CSV lines of cells: text protected against spreadsheet formulas, numbers as written, null as empty. */
export function csvRecords(rows: readonly CsvCell[][]): string[][] {
  return rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : protectCell(cell))));
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a small report's CSV (built in memory) as a download: "<name>-<from>-<to>.csv" for clients without
 * RFC 5987, "<label>-<from>-<to>.csv" (Chinese) for the others.
 */
export function sendReportCsv(ctx: AppContext, name: string, label: string, range: { from: string; to: string }, body: string): void {
  const stamp = `${range.from}-${range.to}`;
  ctx.set('Content-Disposition', `attachment; filename="${name}-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`${label}-${stamp}.csv`)}`);
  ctx.type = 'text/csv; charset=utf-8';
  ctx.body = body;
}

/** Every row of a direct answer, page by page. */
async function allRows(deps: AppDeps, source: CsvSource, params: Record<string, unknown>, total: number): Promise<CsvCell[][]> {
  const out: CsvCell[][] = [];
  for (let offset = 0; offset < total; offset += EXPORT_PAGE_ROWS) {
    const page = await source.rows(deps.db, params, offset, EXPORT_PAGE_ROWS, { phoneCrypto: deps.phoneCrypto });
    out.push(...page);
    if (page.length < EXPORT_PAGE_ROWS) break;
  }
  return out;
}

/** Wakes the export worker of this process (set by startExportWorker). */
let wakeWorker: (() => void) | null = null;
export function setExportWorkerWake(wake: (() => void) | null): void {
  wakeWorker = wake;
}

/**
 * Answers a report's CSV: ≤ EXPORT_SYNC_MAX_ROWS rows → 200 text/csv (UTF-8 BOM, RFC 4180, CRLF); more →
 * a queued export of the signed-in staff member and 202 { exportId, status: 'queued' }. `params` must be
 * validated already (they are stored as JSON and given back to the source by the worker).
 */
export async function answerCsv(ctx: AppContext, deps: AppDeps, name: string, params: Record<string, unknown>, fileName: string): Promise<void> {
  const source = csvSource(name);
  if (!source) throw new Error(`unknown CSV source ${name}`);
  const actor = ctx.state.staff;
  if (!actor) throw new Error('CSV route without requireStaff');
  const total = await source.count(deps.db, params);
  ctx.set('Cache-Control', 'no-store');
  if (total <= EXPORT_SYNC_MAX_ROWS) {
    const rows = await allRows(deps, source, params, total);
    ctx.set('Content-Disposition', attachmentHeader(fileName));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = serializeCsv([source.header, ...csvRecords(rows)], { bom: true });
    return;
  }
  const [created] = await deps.db
    .insert(reportExports)
    .values({ staffId: actor.id, report: name, params, status: 'queued', totalRows: total, fileName, createdAt: deps.now() })
    .returning({ id: reportExports.id });
  if (!created) throw new Error('export not created');
  wakeWorker?.();
  ctx.status = 202;
  ctx.body = { exportId: created.id, status: 'queued' };
}
