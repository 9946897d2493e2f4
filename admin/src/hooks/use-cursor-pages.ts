import { useCallback, useState } from 'react';
import type { Page } from '../api/types';
import { useApiData } from './use-api-data';

export interface CursorPages<T> {
  items: T[];
  isLoading: boolean;
  /** 1-based number of the page shown. */
  pageNumber: number;
  pageSize: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next(): void;
  previous(): void;
  setPageSize(size: number): void;
  reload(): void;
}

/**
 * Page-by-page browsing of a cursor-paginated list (the API pages by keyset, so there is no page
 * count): the cursors of the pages already seen are kept to go back. A new filter (`deps`) starts over.
 */
export function useCursorPages<T>(
  load: (cursor: string | null, limit: number, signal: AbortSignal) => Promise<Page<T>>,
  deps: readonly unknown[],
  initialPageSize = 20,
): CursorPages<T> {
  const filterKey = JSON.stringify(deps);
  const [trail, setTrail] = useState<{ key: string; cursors: (string | null)[] }>({ key: filterKey, cursors: [null] });
  const [pageSize, setPageSizeState] = useState(initialPageSize);
  // Another filter starts at its first page (derived, so the old cursor is never sent with the new filter).
  const cursors = trail.key === filterKey ? trail.cursors : [null];
  const setCursors = useCallback(
    (update: (list: (string | null)[]) => (string | null)[]) =>
      setTrail((current) => ({ key: filterKey, cursors: update(current.key === filterKey ? current.cursors : [null]) })),
    [filterKey],
  );
  const cursor = cursors[cursors.length - 1] ?? null;
  const { data, isLoading, reload } = useApiData((signal) => load(cursor, pageSize, signal), [filterKey, cursor, pageSize]);
  const nextCursor = data?.nextCursor ?? null;
  const next = useCallback(() => {
    if (nextCursor) setCursors((list) => [...list, nextCursor]);
  }, [nextCursor, setCursors]);
  const previous = useCallback(() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)), [setCursors]);
  const setPageSize = useCallback(
    (size: number) => {
      setPageSizeState(size);
      setCursors(() => [null]);
    },
    [setCursors],
  );
  return {
    items: data?.items ?? [],
    isLoading,
    pageNumber: cursors.length,
    pageSize,
    hasNext: nextCursor !== null,
    hasPrevious: cursors.length > 1,
    next,
    previous,
    setPageSize,
    reload,
  };
}
