import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { serializeCsv } from '@siyu/shared';
import { reportExports } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { queryRows } from '../../lib/sql';
import { insertStaffMessages } from '../staff-messages';
import { csvRecords, csvSource, EXPORT_PAGE_ROWS, setExportWorkerWake } from './registry';

/** Where an export's file is kept: <EXPORT_DIR>/export-<id>.csv (the download name is report_exports.file_name). */
export function exportFilePath(deps: AppDeps, id: number): string {
  return path.join(deps.config.exportDir, `export-${id}.csv`);
}

export function exportDownloadLink(id: number): string {
  return `/api/admin/exports/${id}/download`;
}

/** A running export whose heartbeat is older than this is taken to be orphaned (its process died) and is run again. */
export const EXPORT_STALE_MS = 2 * 60_000;
/** Finished export files are kept this many days; then the file is deleted and the export is `expired`. */
export const EXPORT_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

type ExportRow = typeof reportExports.$inferSelect;

/**
 * Claims the oldest queued export, or a running one whose heartbeat is stale (or null: a row from before the column),
 * restarting it from row 0. One conditional UPDATE under FOR UPDATE SKIP LOCKED: two workers never take the same
 * row (the loser's locked re-check sees the fresh heartbeat). Returns the row with the heartbeat it was claimed with.
 */
async function claimExport(deps: AppDeps): Promise<ExportRow | null> {
  const now = deps.now();
  const staleBefore = new Date(now.getTime() - EXPORT_STALE_MS);
  const rows = await queryRows<{ id: string | number }>(
    deps.db,
    sql`update report_exports set status = 'running', done_rows = 0, heartbeat_at = ${now}
        where id = (
          select id from report_exports
          where status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < ${staleBefore}))
          order by id limit 1 for update skip locked)
        returning id`,
  );
  const id = rows[0] ? Number(rows[0].id) : null;
  if (id === null) return null;
  const [row] = await deps.db.select().from(reportExports).where(eq(reportExports.id, id));
  return row ?? null;
}

/** Removes every .part file of export `id` (`export-<id>.csv.<claim>.part`, or the older `export-<id>.csv.part`). */
async function removePartFiles(deps: AppDeps, id: number): Promise<void> {
  const prefix = `${path.basename(exportFilePath(deps, id))}.`;
  const names = await fs.readdir(deps.config.exportDir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && name.endsWith('.part')).map((name) => fs.rm(path.join(deps.config.exportDir, name), { force: true })),
  );
}

/** Our claim on a running export: it still has the heartbeat this worker wrote last (no other worker took it). */
function ownClaim(id: number, heartbeat: Date | null) {
  return and(
    eq(reportExports.id, id),
    eq(reportExports.status, 'running'),
    heartbeat ? eq(reportExports.heartbeatAt, heartbeat) : isNull(reportExports.heartbeatAt),
  );
}

/** Thrown between pages when the worker is stopping: the export goes back to the queue. */
class ExportInterrupted extends Error {
  override readonly name = 'ExportInterrupted';
}

/** Thrown when another worker took the export (this one was stale): leave the row and the file to it. */
class ExportLost extends Error {
  override readonly name = 'ExportLost';
}

/** Writes the file page by page, beating the heartbeat with each page's done_rows; returns the rows and the last beat. */
async function writeExport(deps: AppDeps, row: ExportRow, isStopping: () => boolean): Promise<{ rows: number; heartbeat: Date | null }> {
  const source = csvSource(row.report);
  if (!source) throw new Error(`unknown report ${row.report}`);
  const params = row.params as Record<string, unknown>;
  const finalPath = exportFilePath(deps, row.id);
  await fs.mkdir(deps.config.exportDir, { recursive: true });
  // Each claim writes its own .part, so a stale worker still writing cannot mix its pages into this run's file;
  // what earlier claims left (a dead process's .part) is removed first.
  await removePartFiles(deps, row.id);
  const partPath = `${finalPath}.${crypto.randomUUID()}.part`;
  const file = await fs.open(partPath, 'w');
  let done = 0;
  let heartbeat = row.heartbeatAt;
  try {
    await file.write(serializeCsv([source.header], { bom: true }));
    for (;;) {
      const page = await source.rows(deps.db, params, done, EXPORT_PAGE_ROWS, { phoneCrypto: deps.phoneCrypto });
      if (page.length > 0) await file.write(serializeCsv(csvRecords(page)));
      done += page.length;
      const beat = deps.now();
      const updated = await deps.db
        .update(reportExports)
        .set({ doneRows: done, heartbeatAt: beat })
        .where(ownClaim(row.id, heartbeat))
        .returning({ id: reportExports.id });
      if (updated.length === 0) throw new ExportLost(`export ${row.id} was taken by another worker`);
      heartbeat = beat;
      if (page.length < EXPORT_PAGE_ROWS) break;
      if (isStopping()) throw new ExportInterrupted(`export ${row.id} interrupted`);
    }
  } catch (error) {
    await file.close();
    await fs.rm(partPath, { force: true });
    throw error;
  }
  await file.close();
  await fs.rename(partPath, finalPath);
  return { rows: done, heartbeat };
}

/**
 * Runs queued exports until none is left (or `max`): writes the file page by page (done_rows is the progress),
 * then marks it done with its final row count and leaves the staff member a 站内信 with the download link; a
 * failure marks it failed with the error (and a message too). Returns how many exports it ran.
 */
export async function processExports(deps: AppDeps, options: { max?: number; isStopping?: () => boolean } = {}): Promise<number> {
  const max = options.max ?? 10;
  const isStopping = options.isStopping ?? (() => false);
  let ran = 0;
  for (; ran < max; ran += 1) {
    const row = await claimExport(deps);
    if (!row) break;
    try {
      const { rows, heartbeat } = await writeExport(deps, row, isStopping);
      const now = deps.now();
      await deps.db.transaction(async (tx) => {
        const finished = await tx
          .update(reportExports)
          .set({ status: 'done', doneRows: rows, totalRows: rows, finishedAt: now, heartbeatAt: null })
          .where(ownClaim(row.id, heartbeat))
          .returning({ id: reportExports.id });
        if (finished.length === 0) throw new ExportLost(`export ${row.id} was taken by another worker`);
        await insertStaffMessages(
          tx,
          [
            {
              staffId: row.staffId,
              kind: 'export_done',
              dedupeKey: String(row.id),
              title: `导出完成：${row.fileName ?? row.report}`,
              body: `共 ${rows.toLocaleString('en-US')} 行，可在「导出记录」下载。`,
              link: exportDownloadLink(row.id),
            },
          ],
          now,
        );
      });
    } catch (error) {
      if (error instanceof ExportLost) {
        deps.logger.warn({ exportId: row.id }, 'export taken by another worker (this one was stale)');
        continue;
      }
      if (error instanceof ExportInterrupted) {
        // Stopping (SIGTERM): back to the queue, to be written again from the start by the next worker.
        await deps.db.update(reportExports).set({ status: 'queued', doneRows: 0, heartbeatAt: null }).where(eq(reportExports.id, row.id));
        break;
      }
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.error({ err: error, exportId: row.id }, 'export failed');
      // writeExport removes its .part on error; a failure after the rename (the done update) leaves the file.
      const finalPath = exportFilePath(deps, row.id);
      await fs.rm(finalPath, { force: true });
      const now = deps.now();
      await deps.db.transaction(async (tx) => {
        await tx
          .update(reportExports)
          .set({ status: 'failed', error: message.slice(0, 500), finishedAt: now, heartbeatAt: null })
          .where(eq(reportExports.id, row.id));
        await insertStaffMessages(
          tx,
          [
            {
              staffId: row.staffId,
              kind: 'export_failed',
              dedupeKey: String(row.id),
              title: `导出失败：${row.fileName ?? row.report}`,
              body: '导出未能完成，请稍后重试。',
              link: null,
            },
          ],
          now,
        );
      });
    }
  }
  return ran;
}

/**
 * Deletes the files of exports finished more than EXPORT_KEEP_DAYS days ago and marks them `expired` (their download
 * answers 410 EXPORT_EXPIRED). The rows are marked first: a crash between leaves a file no route serves, never a row
 * that points at no file. Returns how many exports expired.
 */
export async function expireExports(deps: AppDeps): Promise<number> {
  const before = new Date(deps.now().getTime() - EXPORT_KEEP_DAYS * DAY_MS);
  const rows = await deps.db
    .update(reportExports)
    .set({ status: 'expired' })
    .where(and(eq(reportExports.status, 'done'), lt(reportExports.finishedAt, before)))
    .returning({ id: reportExports.id });
  for (const { id } of rows) await fs.rm(exportFilePath(deps, id), { force: true });
  return rows.length;
}

/** The worker's tick runs expireExports at most this often. */
const EXPIRE_EVERY_MS = 3_600_000;

/**
 * The export worker: runs queued (and orphaned running) exports every `intervalMs` and at once when this process
 * queues one; at most once an hour it expires old files. stop() interrupts the export being written after its
 * current page and puts it back in the queue.
 */
export function startExportWorker(deps: AppDeps, intervalMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let expiredAt = -Infinity;
  const tick = () => {
    if (running || stopped) return;
    const expire = deps.now().getTime() - expiredAt >= EXPIRE_EVERY_MS;
    if (expire) expiredAt = deps.now().getTime();
    const expiring = expire ? expireExports(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'export expiry failed')) : Promise.resolve();
    running = expiring
      .then(() => processExports(deps, { isStopping: () => stopped }))
      .then(() => undefined)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'export worker tick failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setExportWorkerWake(tick);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      setExportWorkerWake(null);
      await running;
    },
  };
}
