import type { SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';

/** Escapes %, _ and \ so user text matches literally inside a LIKE/ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Runs a raw SQL query on either driver and returns its rows typed as `T` (columns as the driver gives them). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error('unexpected query result');
  return rows as T[];
}
