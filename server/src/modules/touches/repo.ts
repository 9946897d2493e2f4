import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { channelSettings, touches } from '../../db/schema';
import { queryRows } from '../../lib/sql';

export type NewTouchRow = typeof touches.$inferInsert;

/** What one scene or `cq` token resolves to: its code (and for a token, the recipient's phone hash). */
export interface CodeResolution {
  codeId: number;
  channelId: number;
  isActive: boolean;
  phoneHash: string | null;
}

export interface Resolutions {
  byScene: Map<string, CodeResolution>;
  byCq: Map<string, CodeResolution>;
}

interface ResolutionRow {
  kind: 's' | 'q';
  key: string;
  code_id: number;
  channel_id: number;
  status: string;
  phone_hash: string | null;
}

function listOf(values: string[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** Resolves every scene and `cq` token of a batch in one query (none when the batch has neither). */
export async function resolveCodes(db: Executor, scenes: string[], cqs: string[]): Promise<Resolutions> {
  const parts: SQL[] = [];
  if (scenes.length > 0) {
    parts.push(sql`select 's' as kind, scene as key, id as code_id, channel_id, status, null::text as phone_hash
      from channel_codes where scene in (${listOf(scenes)})`);
  }
  if (cqs.length > 0) {
    parts.push(sql`select 'q' as kind, r.token as key, c.id as code_id, c.channel_id, c.status, r.phone_hash
      from sms_link_recipients r join sms_links l on l.id = r.sms_link_id join channel_codes c on c.id = l.code_id
      where r.token in (${listOf(cqs)})`);
  }
  const resolutions: Resolutions = { byScene: new Map(), byCq: new Map() };
  if (parts.length === 0) return resolutions;
  const rows = await queryRows<ResolutionRow>(db, sql.join(parts, sql` union all `));
  for (const row of rows) {
    const resolution = { codeId: Number(row.code_id), channelId: Number(row.channel_id), isActive: row.status === 'active', phoneHash: row.phone_hash };
    (row.kind === 's' ? resolutions.byScene : resolutions.byCq).set(row.key, resolution);
  }
  return resolutions;
}

/** One multi-row INSERT; the new ids in insertion order. */
export async function insertTouches(db: Executor, rows: NewTouchRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(touches).values(rows).returning({ id: touches.id });
  return inserted.map((row) => row.id);
}

/** The last-touch window of order attribution when the store has not set one. */
export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;

/** The store's channel settings; a missing row means the defaults. */
export async function loadChannelSettings(db: Executor): Promise<{ attributionWindowDays: number }> {
  const [row] = await db
    .select({ attributionWindowDays: channelSettings.attributionWindowDays })
    .from(channelSettings)
    .where(sql`${channelSettings.id} = 1`);
  return { attributionWindowDays: row?.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS };
}

/** Writes the settings row (id 1), creating it when missing. */
export async function saveChannelSettings(db: Executor, values: { attributionWindowDays: number }, now: Date): Promise<void> {
  await db
    .insert(channelSettings)
    .values({ id: 1, attributionWindowDays: values.attributionWindowDays, updatedAt: now })
    .onConflictDoUpdate({ target: channelSettings.id, set: { attributionWindowDays: values.attributionWindowDays, updatedAt: now } });
}
