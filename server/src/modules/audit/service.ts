import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { auditLogQuerySchema } from '@siyu/shared';
import { requireStaffActor, type ServiceContext } from '../../context';
import { auditLog } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { auditTargetNames } from './target-names';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

async function insertAudit(sc: ServiceContext, entry: AuditEntry, actor: { id: number | null; role: string | null }): Promise<void> {
  await sc.db.insert(auditLog).values({
    staffId: actor.id,
    staffRole: actor.role,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: sc.requestId,
    ip: sc.ip,
    createdAt: sc.now,
  });
}

/**
 * Records a staff write. Call it with the transaction's context so the audit row commits or rolls
 * back with the change it describes.
 */
export async function recordAudit(sc: ServiceContext, entry: AuditEntry): Promise<void> {
  const actor = requireStaffActor(sc);
  await insertAudit(sc, entry, { id: actor.id, role: actor.role });
}

/** Records an event with no authenticated actor yet (staff logins, failed or not). */
export async function recordAnonymousAudit(sc: ServiceContext, entry: AuditEntry & { staffId?: number | null }): Promise<void> {
  await insertAudit(sc, entry, { id: entry.staffId ?? null, role: null });
}

/** Newest first, filterable, keyset-paginated by id. */
export async function listAudit(sc: ServiceContext, query: z.output<typeof auditLogQuerySchema>) {
  const conditions: SQL[] = [];
  if (query.staffId) conditions.push(eq(auditLog.staffId, query.staffId));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.targetType) conditions.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.cursor) conditions.push(lt(auditLog.id, decodeCursor(query.cursor, ['id'])[0]));
  const rows = await sc.db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const names = await auditTargetNames(sc.db, page);
  return {
    items: page.map((row) => ({ ...row, targetName: names.get(`${row.targetType}:${row.targetId}`) ?? null, createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}
