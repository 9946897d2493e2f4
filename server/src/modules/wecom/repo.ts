import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { channelCodes, members, touches, wecomCallbackReceipts, wecomContacts } from '../../db/schema';

/** How a `State` resolves against the entry codes (as the mini-program's scenes do). */
export interface StateResolution {
  status: 'matched' | 'unknown_code' | 'retired_code' | 'organic';
  channelId: number | null;
  codeId: number | null;
}

/** A code's scene → its channel: active = matched, retired = retired_code, none = unknown_code; no state = organic. */
export async function resolveState(db: Executor, state: string | null): Promise<StateResolution> {
  if (!state) return { status: 'organic', channelId: null, codeId: null };
  const [code] = await db
    .select({ id: channelCodes.id, channelId: channelCodes.channelId, status: channelCodes.status })
    .from(channelCodes)
    .where(eq(channelCodes.scene, state));
  if (!code) return { status: 'unknown_code', channelId: null, codeId: null };
  return { status: code.status === 'active' ? 'matched' : 'retired_code', channelId: code.channelId, codeId: code.id };
}

/** Records a callback once: false when its key was already seen (a re-delivery). */
export async function insertReceipt(db: Executor, receipt: { dedupeKey: string; event: string; changeType: string; createTime: number }): Promise<boolean> {
  const rows = await db.insert(wecomCallbackReceipts).values(receipt).onConflictDoNothing().returning({ id: wecomCallbackReceipts.id });
  return rows.length > 0;
}

/** The contact after an add or join: created, or (re-)added (deletion cleared; the first state is kept). */
export async function upsertContact(
  db: Executor,
  contact: { externalUserId: string; followUserId: string | null; state: string | null; at: Date },
): Promise<{ unionid: string | null; memberId: number | null }> {
  const [row] = await db
    .insert(wecomContacts)
    .values({ externalUserId: contact.externalUserId, followUserId: contact.followUserId, state: contact.state, addedAt: contact.at, updatedAt: contact.at })
    .onConflictDoUpdate({
      target: wecomContacts.externalUserId,
      set: {
        followUserId: sql`coalesce(excluded.follow_user_id, ${wecomContacts.followUserId})`,
        state: sql`coalesce(${wecomContacts.state}, excluded.state)`,
        deletedAt: null,
        updatedAt: contact.at,
      },
    })
    .returning({ unionid: wecomContacts.unionid, memberId: wecomContacts.memberId });
  return { unionid: row?.unionid ?? null, memberId: row?.memberId ?? null };
}

/** The customer and the member are no longer connected (the row stays: it is history). */
export async function markContactDeleted(db: Executor, externalUserId: string, at: Date): Promise<void> {
  await db.update(wecomContacts).set({ deletedAt: at, updatedAt: at }).where(eq(wecomContacts.externalUserId, externalUserId));
}

export type NewWecomTouch = typeof touches.$inferInsert;

/** Inserts touches; the new ids. */
export async function insertTouchRows(db: Executor, rows: NewWecomTouch[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(touches).values(rows).onConflictDoNothing().returning({ id: touches.id });
  return inserted.map((row) => row.id);
}

/**
 * Stores what externalcontact/get said: the unionid on the contact and on its touches that lack one, and the
 * member with that unionid (when there is one). Returns that member's id.
 */
export async function storeUnionid(db: Executor, externalUserId: string, unionid: string | null, at: Date): Promise<number | null> {
  const [member] = unionid ? await db.select({ id: members.id }).from(members).where(eq(members.unionid, unionid)).limit(1) : [];
  const memberId = member?.id ?? null;
  await db
    .update(wecomContacts)
    .set({ unionid, fetchedAt: at, updatedAt: at, ...(memberId ? { memberId } : {}) })
    .where(eq(wecomContacts.externalUserId, externalUserId));
  if (unionid) {
    await db
      .update(touches)
      .set({ unionid })
      .where(and(eq(touches.externalUserId, externalUserId), isNull(touches.unionid)));
  }
  return memberId;
}

/** Contacts whose externalcontact/get has not answered yet, added before `before` (a failed fetch to retry). */
export async function contactsToRefetch(db: Executor, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: wecomContacts.externalUserId })
    .from(wecomContacts)
    .where(and(isNull(wecomContacts.fetchedAt), lt(wecomContacts.updatedAt, before)))
    .orderBy(asc(wecomContacts.updatedAt))
    .limit(limit);
  return rows.map((row) => row.id);
}
