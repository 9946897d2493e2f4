import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { channels } from '../../db/schema';

/** The name of channel 0 (members and visitors without a channel). */
export const NO_CHANNEL_NAME = '自然流量';

/** Names of the channels with these ids (0 → 自然流量; a deleted channel → 渠道 #id). */
export async function channelNames(db: Executor, ids: Iterable<number>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)].filter((id) => id > 0);
  const names = new Map<number, string>([[0, NO_CHANNEL_NAME]]);
  if (wanted.length > 0) {
    for (const row of await db.select({ id: channels.id, name: channels.name }).from(channels).where(inArray(channels.id, wanted))) names.set(row.id, row.name);
  }
  for (const id of wanted) if (!names.has(id)) names.set(id, `渠道 #${id}`);
  return names;
}

/** part / whole as a JSON rate with 4 decimals (0 when whole is 0). */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/** numerator / denominator rounded half up (away from zero) to an integer; 0 when the denominator is 0. */
export function divideRounded(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator));
}

/** A bigint/numeric column as the drivers hand it (string or number) → number. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
