import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
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

/** Claims the oldest queued export (several workers: each takes a different one). */
async function claimExport(deps: AppDeps): Promise<typeof reportExports.$inferSelect | null> {
  const rows = await queryRows<{ id: string | number }>(
    deps.db,
    sql`update report_exports set status = 'running'
        where id = (select id from report_exports where status = 'queued' order by id limit 1 for update skip locked)
        returning id`,
  );
  const id = rows[0] ? Number(rows[0].id) : null;
  if (id === null) return null;
  const [row] = await deps.db.select().from(reportExports).where(eq(reportExports.id, id));
  return row ?? null;
}

/** Thrown between pages when the worker is stopping: the export goes back to the queue. */
class ExportInterrupted extends Error {
  override readonly name = 'ExportInterrupted';
}

async function writeExport(deps: AppDeps, row: typeof reportExports.$inferSelect, isStopping: () => boolean): Promise<number> {
  const source = csvSource(row.report);
  if (!source) throw new Error(`unknown report ${row.report}`);
  const params = row.params as Record<string, unknown>;
  const finalPath = exportFilePath(deps, row.id);
  const partPath = `${finalPath}.part`;
  await fs.mkdir(deps.config.exportDir, { recursive: true });
  const file = await fs.open(partPath, 'w');
  let done = 0;
  try {
    await file.write(serializeCsv([source.header], { bom: true }));
    for (;;) {
      const page = await source.rows(deps.db, params, done, EXPORT_PAGE_ROWS, { phoneCrypto: deps.phoneCrypto });
      if (page.length > 0) await file.write(serializeCsv(csvRecords(page)));
      done += page.length;
      await deps.db.update(reportExports).set({ doneRows: done }).where(eq(reportExports.id, row.id));
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
  return done;
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
      const rows = await writeExport(deps, row, isStopping);
      const now = deps.now();
      await deps.db.transaction(async (tx) => {
        await tx.update(reportExports).set({ status: 'done', doneRows: rows, totalRows: rows, finishedAt: now }).where(eq(reportExports.id, row.id));
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
      if (error instanceof ExportInterrupted) {
        // Stopping (SIGTERM): back to the queue, to be written again from the start by the next worker.
        await deps.db.update(reportExports).set({ status: 'queued', doneRows: 0 }).where(eq(reportExports.id, row.id));
        break;
      }
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.error({ err: error, exportId: row.id }, 'export failed');
      const now = deps.now();
      await deps.db.transaction(async (tx) => {
        await tx
          .update(reportExports)
          .set({ status: 'failed', error: message.slice(0, 500), finishedAt: now })
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
 * The export worker: runs queued exports every `intervalMs` and at once when this process queues one.
 * stop() interrupts the export being written after its current page and puts it back in the queue.
 */
export function startExportWorker(deps: AppDeps, intervalMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = processExports(deps, { isStopping: () => stopped })
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
