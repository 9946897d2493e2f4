import { and, desc, eq, lt } from 'drizzle-orm';
import { memberNoteTextSchema, type MemberNote } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { memberNotes, staff } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { findMemberById } from '../members';

async function requireMember(sc: ServiceContext, memberId: number): Promise<void> {
  if (!(await findMemberById(sc.db, memberId))) throw new AppError('MEMBER_NOT_FOUND');
}

/** GET /api/admin/members/:id/notes: newest first, keyset by id. */
export async function listMemberNotes(sc: ServiceContext, memberId: number, query: { cursor?: string | undefined; limit: number }) {
  await requireMember(sc, memberId);
  const conditions = [eq(memberNotes.memberId, memberId)];
  if (query.cursor) conditions.push(lt(memberNotes.id, decodeCursor(query.cursor, ['int8'])[0]));
  const rows = await sc.db
    .select({ id: memberNotes.id, body: memberNotes.body, staffId: staff.id, staffName: staff.displayName, createdAt: memberNotes.createdAt })
    .from(memberNotes)
    .innerJoin(staff, eq(staff.id, memberNotes.staffId))
    .where(and(...conditions))
    .orderBy(desc(memberNotes.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row): MemberNote => ({
      id: row.id,
      body: row.body,
      staff: { id: row.staffId, name: row.staffName },
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** POST /api/admin/members/:id/notes: 1..500 characters (else MEMBER_NOTE_INVALID), audited. */
export async function addMemberNote(sc: ServiceContext, memberId: number, body: unknown): Promise<MemberNote> {
  const parsed = memberNoteTextSchema.safeParse(body);
  if (!parsed.success) throw new AppError('MEMBER_NOTE_INVALID');
  const actor = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    await requireMember(tx, memberId);
    const [row] = await tx.db.insert(memberNotes).values({ memberId, staffId: actor.id, body: parsed.data, createdAt: tx.now }).returning();
    if (!row) throw new Error('note insert returned nothing');
    const [author] = await tx.db.select({ name: staff.displayName }).from(staff).where(eq(staff.id, actor.id));
    const note: MemberNote = {
      id: row.id,
      body: row.body,
      staff: { id: actor.id, name: author?.name ?? actor.username },
      createdAt: row.createdAt.toISOString(),
    };
    await recordAudit(tx, { action: 'member.note', targetType: 'member', targetId: memberId, after: { noteId: row.id, body: row.body } });
    return note;
  });
}
