import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { StaffMessagesPage, StaffMessageView } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { staffMessages } from '../../db/schema';
import { AppError } from '../../lib/errors';

/** A 站内信 to write; (staffId, kind, dedupeKey) is unique, so writing it again does nothing. */
export interface NewStaffMessage {
  staffId: number;
  kind: string;
  dedupeKey: string;
  title: string;
  body: string;
  link?: string | null;
}

/** Writes messages, skipping those already written (same staff, kind and dedupe key); returns how many were new. */
export async function insertStaffMessages(db: Executor, messages: readonly NewStaffMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const inserted = await db
    .insert(staffMessages)
    .values(messages.map((m) => ({ ...m, link: m.link ?? null, createdAt: now })))
    .onConflictDoNothing({ target: [staffMessages.staffId, staffMessages.kind, staffMessages.dedupeKey] })
    .returning({ id: staffMessages.id });
  return inserted.length;
}

function view(row: typeof staffMessages.$inferSelect): StaffMessageView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The staff member's messages, newest first (`before`: ids below it, for the next page), and their unread count. */
export async function listInbox(db: Executor, staffId: number, query: { before?: number | undefined; limit: number }): Promise<StaffMessagesPage> {
  const rows = await db
    .select()
    .from(staffMessages)
    .where(and(eq(staffMessages.staffId, staffId), query.before === undefined ? undefined : lt(staffMessages.id, query.before)))
    .orderBy(desc(staffMessages.id))
    .limit(query.limit);
  const [unread] = await db
    .select({ n: count() })
    .from(staffMessages)
    .where(and(eq(staffMessages.staffId, staffId), isNull(staffMessages.readAt)));
  return { items: rows.map(view), unread: Number(unread?.n ?? 0) };
}

/** Marks one of the staff member's messages read (404 for anyone else's). Reading it twice keeps the first time. */
export async function markMessageRead(db: Executor, staffId: number, id: number, now: Date): Promise<StaffMessageView> {
  const [row] = await db
    .select()
    .from(staffMessages)
    .where(and(eq(staffMessages.id, id), eq(staffMessages.staffId, staffId)));
  if (!row) throw new AppError('STAFF_MESSAGE_NOT_FOUND', `staff message ${id} not found`);
  if (row.readAt) return view(row);
  const [updated] = await db
    .update(staffMessages)
    .set({ readAt: now })
    .where(and(eq(staffMessages.id, id), isNull(staffMessages.readAt)))
    .returning();
  return view(updated ?? row);
}

/** Marks all the staff member's messages read; returns how many were unread. */
export async function markAllRead(db: Executor, staffId: number, now: Date): Promise<number> {
  const updated = await db
    .update(staffMessages)
    .set({ readAt: now })
    .where(and(eq(staffMessages.staffId, staffId), isNull(staffMessages.readAt)))
    .returning({ id: staffMessages.id });
  return updated.length;
}
