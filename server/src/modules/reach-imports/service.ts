import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { ReachImportBody, ReachImportKind, ReachImportView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { reachImports } from '../../db/schema';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { requireActiveChannel } from '../channels';
import { appendEvent } from '../events';
import { parseCallRows, parseSmsRows } from './rows';

/** Rows per INSERT statement. */
const CHUNK = 5000;
/** A refused file reports at most this many bad rows (and how many there were). */
const REPORTED_ROWS_MAX = 1000;

/** One accepted row, ready to write: its reach and, when it touched the person, its touch. */
interface ImportRow {
  phoneHash: string;
  at: Date;
  dedupeKey: string;
  isTouch: boolean;
  details: Record<string, unknown>;
}

const KIND_SOURCE = {
  ai_call_csv: { reach: 'ai_call', touch: 'ai_call', prefix: 'call' },
  sms_send_log: { reach: 'sms_log', touch: 'sms_send', prefix: 'sms' },
} as const;

function toImportView(row: typeof reachImports.$inferSelect): ReachImportView {
  return {
    id: row.id,
    channelId: row.channelId,
    kind: row.kind as ReachImportKind,
    fileName: row.fileName,
    rowsTotal: row.rowsTotal,
    rowsImported: row.rowsImported,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The file's rows as reach (and touches), or 422 REACH_IMPORT_ROWS_INVALID listing every bad row. A call is
 * reach whether or not it was answered (the vendor bills the dial) and a touch when reached; an SMS is reach
 * and a touch only when delivered (providers bill delivered messages). Phones are hashed here and dropped.
 */
function importRows(kind: ReachImportKind, channelId: number, csv: string, phoneCrypto: PhoneCrypto): { rows: ImportRow[]; rowsTotal: number } {
  const parsed = kind === 'ai_call_csv' ? parseCallRows(csv) : parseSmsRows(csv);
  if (parsed.errors.length > 0) {
    throw new AppError('REACH_IMPORT_ROWS_INVALID', undefined, {
      invalidRows: parsed.errors.length,
      rows: parsed.errors.slice(0, REPORTED_ROWS_MAX),
    });
  }
  const prefix = KIND_SOURCE[kind].prefix;
  const rows = parsed.rows.flatMap((row): ImportRow[] => {
    const phoneHash = phoneCrypto.hash(row.phone);
    const base = { phoneHash, at: row.at, dedupeKey: `${prefix}:${channelId}:${phoneHash}:${row.at.toISOString()}` };
    if ('reached' in row) return [{ ...base, isTouch: row.reached, details: { reached: row.reached, intent: row.intent, addedWecom: row.addedWecom } }];
    return row.delivered ? [{ ...base, isTouch: true, details: { status: row.status, outId: row.outId } }] : [];
  });
  return { rows, rowsTotal: parsed.rows.length };
}

/**
 * Writes the reach rows and the touches, a chunk per statement with the rows as ONE jsonb parameter (50,000
 * rows as bound parameters would be 450,000 of them); rows seen before (the same dedupe key) are skipped. A
 * touch names the member whose phone hash it carries, when there is one already.
 */
async function writeRows(tx: ServiceContext, kind: ReachImportKind, channelId: number, importId: number, rows: readonly ImportRow[]) {
  const source = KIND_SOURCE[kind];
  let reachWritten = 0;
  let tasksClosed = 0;
  const touchIds: number[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const reachJson = JSON.stringify(chunk.map((row) => ({ h: row.phoneHash, at: row.at.toISOString(), k: row.dedupeKey, d: row.details })));
    const reach = await queryRows<{ id: string }>(
      tx.db,
      sql`insert into channel_reach (channel_id, source, quantity, phone_hash, occurred_at, details, import_id, dedupe_key)
          select ${channelId}, ${source.reach}, 1, r.h, r.at, r.d, ${importId}, r.k
          from jsonb_to_recordset(${reachJson}::jsonb) as r(h text, at timestamptz, k text, d jsonb)
          on conflict (dedupe_key) do nothing
          returning id`,
    );
    reachWritten += reach.length;
    const touchRows = chunk.filter((row) => row.isTouch);
    if (touchRows.length === 0) continue;
    const touchJson = JSON.stringify(touchRows.map((row) => ({ h: row.phoneHash, at: row.at.toISOString(), k: row.dedupeKey })));
    const written = await queryRows<{ id: string | number }>(
      tx.db,
      sql`insert into touches (occurred_at, source, status, channel_id, member_id, phone_hash, dedupe_key)
          select r.at, ${source.touch}, 'matched', ${channelId},
                 (select m.id from members m where m.phone_hash = r.h order by m.id limit 1), r.h, r.k
          from jsonb_to_recordset(${touchJson}::jsonb) as r(h text, at timestamptz, k text)
          on conflict (dedupe_key) where dedupe_key is not null do nothing
          returning id`,
    );
    touchIds.push(...written.map((touch) => Number(touch.id)));
    if (kind === 'ai_call_csv') tasksClosed += await closeCalledTasks(tx, touchRows);
  }
  return { reachWritten, touchIds, tasksClosed };
}

/**
 * The loop back to the call list (GET /api/admin/tasks/call-list.csv): a reached call closes the open call tasks
 * of the members with that phone that existed at the call (done, outcome 「AI 外呼已接通」 and the vendor's 意向),
 * so the next call list does not dial them again. An unanswered call leaves the task open for the next list.
 */
async function closeCalledTasks(tx: ServiceContext, reached: readonly ImportRow[]): Promise<number> {
  if (reached.length === 0) return 0;
  const json = JSON.stringify(
    reached.map((row) => ({ h: row.phoneHash, at: row.at.toISOString(), i: typeof row.details.intent === 'string' ? row.details.intent : '' })),
  );
  const closed = await queryRows<{ id: string | number }>(
    tx.db,
    sql`update staff_tasks t
           set status = 'done', closed_at = ${tx.now.toISOString()}::timestamptz, closed_by = ${tx.staff?.id ?? null},
               outcome = 'AI 外呼已接通' || case when c.i <> '' then '，意向：' || c.i else '' end
          from (select distinct on (m.id) m.id as member_id, r.at, r.i
                  from jsonb_to_recordset(${json}::jsonb) as r(h text, at timestamptz, i text)
                  join members m on m.phone_hash = r.h
                 order by m.id, r.at desc) c
         where t.member_id = c.member_id and t.kind = 'call' and t.status = 'open' and t.created_at <= c.at
        returning t.id`,
  );
  return closed.length;
}

/**
 * POST /api/admin/channels/:id/imports/ai-calls and /imports/sms-logs. Every row is checked first (any bad
 * row: 422 with the per-row report, nothing written); then ONE transaction writes the import, a reach row per
 * row, the touches and one `touches.recorded` event; a call file also closes the reached members' open call
 * tasks. The same file again (SHA-256 of its text) is the earlier import (isReplay), also when ten arrive at
 * once: the unique (channel, kind, hash) key lets one of them in.
 */
export async function importReach(
  sc: ServiceContext,
  phoneCrypto: PhoneCrypto,
  channelId: number,
  kind: ReachImportKind,
  body: ReachImportBody,
): Promise<{ import: ReachImportView; isReplay: boolean }> {
  const contentHash = crypto.createHash('sha256').update(body.csv, 'utf8').digest('hex');
  const { rows, rowsTotal } = importRows(kind, channelId, body.csv, phoneCrypto);
  return inTransaction(sc, async (tx) => {
    await requireActiveChannel(tx, channelId);
    const [created] = await tx.db
      .insert(reachImports)
      .values({ channelId, kind, fileName: body.fileName, contentHash, rowsTotal, rowsImported: 0, createdByStaffId: tx.staff?.id ?? null, createdAt: tx.now })
      .onConflictDoNothing({ target: [reachImports.channelId, reachImports.kind, reachImports.contentHash] })
      .returning();
    if (!created) {
      const [earlier] = await tx.db
        .select()
        .from(reachImports)
        .where(and(eq(reachImports.channelId, channelId), eq(reachImports.kind, kind), eq(reachImports.contentHash, contentHash)));
      if (!earlier) throw new Error('reach import key without its row');
      return { import: toImportView(earlier), isReplay: true };
    }
    const { reachWritten, touchIds, tasksClosed } = await writeRows(tx, kind, channelId, created.id, rows);
    const [row] = await tx.db.update(reachImports).set({ rowsImported: reachWritten }).where(eq(reachImports.id, created.id)).returning();
    if (!row) throw new Error('reach import vanished');
    if (touchIds.length > 0) await appendEvent(tx.db, { type: 'touches.recorded', occurredAt: tx.now, payload: { touchIds } });
    const view = toImportView(row);
    await recordAudit(tx, {
      action: 'channel.reach_import',
      targetType: 'channel',
      targetId: channelId,
      after: { ...view, touches: touchIds.length, tasksClosed },
    });
    return { import: view, isReplay: false };
  });
}
