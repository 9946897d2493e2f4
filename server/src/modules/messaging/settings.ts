import { eq } from 'drizzle-orm';
import { DEFAULT_MESSAGING_SETTINGS, messagingSettingsSchema, type MessagingSettings } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { messagingSettings } from '../../db/schema';

/** The store's messaging guards (row 1), or the defaults when none was saved (or the saved row no longer parses). */
export async function loadMessagingSettings(db: Executor): Promise<MessagingSettings> {
  const [row] = await db.select({ settings: messagingSettings.settings }).from(messagingSettings).where(eq(messagingSettings.id, 1));
  if (!row) return DEFAULT_MESSAGING_SETTINGS;
  const parsed = messagingSettingsSchema.safeParse(row.settings);
  return parsed.success ? parsed.data : DEFAULT_MESSAGING_SETTINGS;
}

/** Saves the settings (row 1), returning what was there before. */
export async function saveMessagingSettings(db: Executor, settings: MessagingSettings, staffId: number | null, now: Date): Promise<void> {
  await db
    .insert(messagingSettings)
    .values({ id: 1, settings, updatedBy: staffId, updatedAt: now })
    .onConflictDoUpdate({ target: messagingSettings.id, set: { settings, updatedBy: staffId, updatedAt: now } });
}
