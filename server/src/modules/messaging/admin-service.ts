import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  cursorSchema,
  idParamSchema,
  INTENT_STATUSES,
  limitSchema,
  messageChannelSchema,
  SKIP_REASON_NAMES,
  type MessagingSettings,
  type SkipReason,
} from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { messageIntents } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { recordAudit } from '../audit';
import { loadMessagingSettings, saveMessagingSettings } from './settings';

export const intentsQuerySchema = z.strictObject({
  memberId: idParamSchema.optional(),
  journeyId: idParamSchema.optional(),
  campaignId: idParamSchema.optional(),
  status: z.enum(INTENT_STATUSES).optional(),
  channel: messageChannelSchema.optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});

export async function getSettings(sc: ServiceContext): Promise<MessagingSettings> {
  return loadMessagingSettings(sc.db);
}

/** Saves the store's guards, audited (before / after) in the same transaction. */
export async function updateSettings(sc: ServiceContext, settings: MessagingSettings): Promise<MessagingSettings> {
  const staff = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    const before = await loadMessagingSettings(tx.db);
    await saveMessagingSettings(tx.db, settings, staff.id, tx.now);
    await recordAudit(tx, { action: 'messaging.settings_update', targetType: 'messaging_settings', targetId: 1, before, after: settings });
    return settings;
  });
}

const isSkipReason = (reason: string | null): reason is SkipReason => reason !== null && reason in SKIP_REASON_NAMES;

/** The message log for staff, newest first, filtered, keyset-paged by id. */
export async function listIntents(sc: ServiceContext, query: z.output<typeof intentsQuerySchema>) {
  const conditions: SQL[] = [];
  if (query.memberId) conditions.push(eq(messageIntents.memberId, query.memberId));
  if (query.journeyId) conditions.push(eq(messageIntents.journeyId, query.journeyId));
  if (query.campaignId) conditions.push(eq(messageIntents.campaignId, query.campaignId));
  if (query.status) conditions.push(eq(messageIntents.status, query.status));
  if (query.channel) conditions.push(eq(messageIntents.channel, query.channel));
  if (query.cursor) conditions.push(lt(messageIntents.id, decodeCursor(query.cursor, ['int8'])[0]));
  const rows = await sc.db
    .select()
    .from(messageIntents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(messageIntents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      key: row.key,
      memberId: row.memberId,
      channel: row.channel,
      purpose: row.purpose,
      template: row.template,
      variables: row.variables,
      link: row.link,
      status: row.status,
      reason: row.reason,
      reasonName: isSkipReason(row.reason) ? SKIP_REASON_NAMES[row.reason] : null,
      notBefore: row.notBefore.toISOString(),
      attempts: row.attempts,
      journeyId: row.journeyId,
      campaignId: row.campaignId,
      stepId: row.stepId,
      experimentId: row.experimentId,
      arm: row.arm,
      sentAt: row.sentAt?.toISOString() ?? null,
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
      openedAt: row.openedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}
