import { readStored, writeStored } from './storage';

/** Search history (搜索历史) lives on the device only: the newest first, at most this many. */
export const SEARCH_HISTORY_MAX = 10;
const KEY = 'siyu.search-history';

/** The list with `word` moved (or added) to the front, blanks ignored, cut to `max`. */
export function withSearchWord(list: readonly string[], word: string, max = SEARCH_HISTORY_MAX): string[] {
  const trimmed = word.trim();
  if (!trimmed) return [...list];
  return [trimmed, ...list.filter((item) => item !== trimmed)].slice(0, max);
}

export function readSearchHistory(): string[] {
  const stored = readStored<unknown>(KEY);
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string').slice(0, SEARCH_HISTORY_MAX) : [];
}

export function rememberSearch(word: string): string[] {
  const next = withSearchWord(readSearchHistory(), word);
  writeStored(KEY, next);
  return next;
}

export function clearSearchHistory(): void {
  writeStored(KEY, null);
}
