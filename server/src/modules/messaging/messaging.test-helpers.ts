import { inArray, sql } from 'drizzle-orm';
import { DEFAULT_MESSAGING_SETTINGS, type MessageChannel, type MessagePurpose, type MessagingSettings, type SendContent } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { memberConsents, memberMessages, messageIntents } from '../../db/schema';
import { saveMessagingSettings } from './settings';

let sequence = 0;

/** A fixed instant in China daytime (2026-12-07 12:00 China time): outside the default quiet hours. */
export const CHINA_NOON = new Date('2026-12-07T04:00:00.000Z');

/** China time `hh:mm:ss` on 2026-12-07 as an instant. */
export const chinaAt = (hhmmss: string, day = '2026-12-07'): Date => new Date(`${day}T${hhmmss}.000+08:00`);

export interface IntentSpec {
  memberId: number;
  channel?: MessageChannel;
  purpose?: MessagePurpose;
  template?: string;
  variables?: Record<string, string>;
  journeyId?: number | null;
  campaignId?: number | null;
  fallback?: SendContent | null;
  notBefore?: Date;
  key?: string;
}

/** Writes intents as the engine / campaigns do (the outbox), due at `notBefore` (default: long ago). */
export async function writeIntents(db: Executor, specs: IntentSpec[]): Promise<number[]> {
  if (specs.length === 0) return [];
  const rows = await db
    .insert(messageIntents)
    .values(
      specs.map((spec) => {
        sequence += 1;
        return {
          key: spec.key ?? `test:${process.pid}:${Date.now()}:${sequence}`,
          memberId: spec.memberId,
          channel: spec.channel ?? 'inapp',
          purpose: spec.purpose ?? 'marketing',
          template: spec.template ?? 'text',
          variables: spec.variables ?? { title: '上新啦', content: `第 ${sequence} 条消息` },
          journeyId: spec.journeyId === undefined ? 1 : spec.journeyId,
          campaignId: spec.campaignId ?? null,
          fallback: spec.fallback ?? null,
          notBefore: spec.notBefore ?? new Date('2026-01-01T00:00:00Z'),
        };
      }),
    )
    .returning({ id: messageIntents.id });
  return rows.map((row) => row.id);
}

export async function intentsById(db: Executor, ids: number[]) {
  const rows = await db.select().from(messageIntents).where(inArray(messageIntents.id, ids));
  return ids.map((id) => rows.find((row) => row.id === id)!);
}

export async function messagesOfIntents(db: Executor, ids: number[]) {
  return db.select().from(memberMessages).where(inArray(memberMessages.intentId, ids));
}

export async function setConsentRow(db: Executor, memberId: number, channel: string, granted: boolean): Promise<void> {
  await db
    .insert(memberConsents)
    .values({ memberId, channel, granted, source: 'test' })
    .onConflictDoUpdate({ target: [memberConsents.memberId, memberConsents.channel], set: { granted } });
}

/** Saves the settings with `patch` over the defaults (a staff id is not needed by the table). */
export async function useSettings(db: Executor, patch: Partial<MessagingSettings> = {}): Promise<void> {
  await db.execute(sql`delete from messaging_settings`);
  await saveMessagingSettings(db, { ...DEFAULT_MESSAGING_SETTINGS, ...patch }, null, new Date());
}
