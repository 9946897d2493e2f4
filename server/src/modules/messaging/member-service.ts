import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { MemberMessageView, MemberPreferencesInput, MessageChannel } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { memberConsents, memberMessages, messageIntents } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { consentDefault, PREFERENCE_TEXTS, preferenceProof, setConsent, type ConsentChannel } from './consent';

const PAGE_SIZE = 20;
const MARKETING_CHANNELS: readonly MessageChannel[] = ['sms', 'wecom', 'subscribe', 'inapp'];

type MessageRow = typeof memberMessages.$inferSelect;

function view(row: MessageRow): MemberMessageView {
  return { id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link, read: row.readAt !== null, createdAt: row.createdAt.toISOString() };
}

export async function unreadCount(sc: ServiceContext, memberId: number): Promise<number> {
  const [row] = await sc.db
    .select({ n: count() })
    .from(memberMessages)
    .where(and(eq(memberMessages.memberId, memberId), isNull(memberMessages.readAt)));
  return Number(row?.n ?? 0);
}

/** The member's messages, newest first, 20 a page, with the unread count. */
export async function listMessages(sc: ServiceContext, memberId: number, cursor: string | undefined) {
  const conditions = [eq(memberMessages.memberId, memberId)];
  if (cursor) conditions.push(lt(memberMessages.id, decodeCursor(cursor, ['int8'])[0]));
  const rows = await sc.db
    .select()
    .from(memberMessages)
    .where(and(...conditions))
    .orderBy(desc(memberMessages.id))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map(view),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor([last.id]) : null,
    unread: await unreadCount(sc, memberId),
  };
}

/** Marks the intents of read messages opened (the journeys' "message opened" branch reads opened_at). */
async function markIntentsOpened(sc: ServiceContext, intentIds: (number | null)[]): Promise<void> {
  const ids = intentIds.filter((id): id is number => id !== null);
  if (ids.length === 0) return;
  await sc.db
    .update(messageIntents)
    .set({ openedAt: sc.now })
    .where(and(inArray(messageIntents.id, ids), isNull(messageIntents.openedAt)));
}

/** Marks one of the member's messages read (idempotent); another member's id is 404 like a missing one. */
export async function readMessage(sc: ServiceContext, memberId: number, id: number): Promise<{ message: MemberMessageView; unread: number }> {
  return inTransaction(sc, async (tx) => {
    const [row] = await tx.db
      .select()
      .from(memberMessages)
      .where(and(eq(memberMessages.id, id), eq(memberMessages.memberId, memberId)));
    if (!row) throw new AppError('NOT_FOUND', '消息不存在');
    let current = row;
    if (row.readAt === null) {
      const [updated] = await tx.db
        .update(memberMessages)
        .set({ readAt: tx.now })
        .where(and(eq(memberMessages.id, id), isNull(memberMessages.readAt)))
        .returning();
      if (updated) current = updated;
      await markIntentsOpened(tx, [row.intentId]);
    }
    return { message: view(current), unread: await unreadCount(tx, memberId) };
  });
}

/** Marks all of the member's messages read. */
export async function readAllMessages(sc: ServiceContext, memberId: number): Promise<{ marked: number; unread: number }> {
  return inTransaction(sc, async (tx) => {
    const updated = await tx.db
      .update(memberMessages)
      .set({ readAt: tx.now })
      .where(and(eq(memberMessages.memberId, memberId), isNull(memberMessages.readAt)))
      .returning({ intentId: memberMessages.intentId });
    await markIntentsOpened(
      tx,
      updated.map((row) => row.intentId),
    );
    return { marked: updated.length, unread: 0 };
  });
}

export interface MemberPreferencesView {
  marketing: Record<MessageChannel, boolean>;
  personalized: boolean;
  /** The text the settings page shows beside each switch (logged as the proof of a change). */
  texts: Readonly<Record<ConsentChannel, string>>;
}

export async function getPreferences(sc: ServiceContext, memberId: number): Promise<MemberPreferencesView> {
  const rows = await sc.db
    .select({ channel: memberConsents.channel, granted: memberConsents.granted })
    .from(memberConsents)
    .where(eq(memberConsents.memberId, memberId));
  const state = new Map(rows.map((row) => [row.channel, row.granted]));
  const of = (channel: ConsentChannel) => state.get(channel) ?? consentDefault(channel);
  return {
    marketing: { sms: of('sms'), wecom: of('wecom'), subscribe: of('subscribe'), inapp: of('inapp') },
    personalized: of('personalized'),
    texts: PREFERENCE_TEXTS,
  };
}

/**
 * Applies the switches the member sent, in one transaction: each one upserts member_consents, logs it with the
 * page's text as proof (source 'settings') and, when it changed, appends member.consent_changed.
 */
export async function updatePreferences(sc: ServiceContext, memberId: number, input: MemberPreferencesInput): Promise<MemberPreferencesView> {
  const changes: { channel: ConsentChannel; granted: boolean }[] = [];
  for (const channel of MARKETING_CHANNELS) {
    const granted = input.marketing?.[channel];
    if (granted !== undefined) changes.push({ channel, granted });
  }
  if (input.personalized !== undefined) changes.push({ channel: 'personalized', granted: input.personalized });
  if (changes.length === 0) throw new AppError('VALIDATION_FAILED', '没有要修改的设置');
  await inTransaction(sc, async (tx) => {
    for (const change of changes) {
      await setConsent(tx.db, { memberId, ...change, source: 'settings', proof: preferenceProof(change.channel, change.granted), now: tx.now });
    }
  });
  return getPreferences(sc, memberId);
}
