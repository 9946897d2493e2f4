import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { queryRows } from '../lib/sql';
import { enableJourneyTemplate } from '../modules/journey-templates';
import { ensureDefaultSmsTemplates } from '../modules/sms';

/** Set once the demo's journeys are enabled (issue 15). */
export const DEMO_JOURNEYS_MARKER = 'demo_journeys';

/** The templates the demo runs, so the admin shows running journeys. */
export const DEMO_JOURNEY_TEMPLATES = ['welcome', 'unpaid_reminder', 'winback_sms'] as const;

/**
 * On the demo database (app_meta 'demo_seed'), enables the welcome, unpaid-reminder and win-back journeys
 * once; a template already enabled is left alone. A template whose SMS / subscribe templates are missing is
 * skipped and the marker is not written, so the next start tries again. Returns the templates enabled now.
 */
export async function upgradeDemoJourneys(db: Db, now = new Date()): Promise<string[]> {
  const keys = new Set(
    (await queryRows<{ key: string }>(db, sql`select key from app_meta where key in ('demo_seed', ${DEMO_JOURNEYS_MARKER})`)).map((row) => row.key),
  );
  if (!keys.has('demo_seed') || keys.has(DEMO_JOURNEYS_MARKER)) return [];
  // The SMS templates the journeys send (seeded later in the start otherwise; idempotent).
  await ensureDefaultSmsTemplates(db);
  const enabled: string[] = [];
  let complete = true;
  for (const key of DEMO_JOURNEY_TEMPLATES) {
    const sc = { db, requestId: `seed-journeys-${crypto.randomUUID()}`, now, ip: null };
    try {
      await enableJourneyTemplate(sc, key, false);
      enabled.push(key);
    } catch (error) {
      if (error instanceof AppError && error.code === 'JOURNEY_TEMPLATE_ENABLED') continue;
      if (error instanceof AppError) {
        complete = false;
        continue;
      }
      throw error;
    }
  }
  if (complete)
    await db.execute(
      sql`insert into app_meta (key, value) values (${DEMO_JOURNEYS_MARKER}, ${JSON.stringify({ at: now.toISOString(), enabled })}::jsonb) on conflict (key) do nothing`,
    );
  return enabled;
}
