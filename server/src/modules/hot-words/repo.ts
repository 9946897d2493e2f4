import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { searchHotWords } from '../../db/schema';

/** The hot words in display order. */
export async function listHotWordRows(db: Executor): Promise<string[]> {
  const rows = await db.select({ word: searchHotWords.word }).from(searchHotWords).orderBy(asc(searchHotWords.position), asc(searchHotWords.id));
  return rows.map((row) => row.word);
}

/** Replaces the list (call inside a transaction: the delete and the inserts commit together). */
export async function replaceHotWordRows(db: Executor, words: readonly string[], now: Date): Promise<void> {
  await db.delete(searchHotWords);
  if (words.length === 0) return;
  await db.insert(searchHotWords).values(words.map((word, position) => ({ word, position, createdAt: now })));
}
