import { useCallback, useState } from 'react';
import type { LedgerQuery } from '../../../api/membership';
import { useApiData } from '../../../hooks/use-api-data';
import type { CursorPages } from '../../../hooks/use-cursor-pages';

export interface LedgerPages<V, E> {
  /** The latest answer: the member's summary (tier, balance, lots…) with the page of entries shown. */
  view: V | undefined;
  pages: CursorPages<E>;
  /** Reads the first page again (after an adjustment: the new entry is the newest). */
  restart(): void;
}

/**
 * A member's ledger view, keyset-paged like useCursorPages, keeping the whole answer: the growth and
 * points endpoints send the member's summary with each page of entries.
 */
export function useLedgerPages<V extends { nextCursor: string | null }, E>(
  load: (query: LedgerQuery, signal: AbortSignal) => Promise<V>,
  entriesOf: (view: V) => E[],
  deps: readonly unknown[],
): LedgerPages<V, E> {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageSize, setPageSizeState] = useState(20);
  const cursor = cursors[cursors.length - 1] ?? null;
  const { data, isLoading, reload } = useApiData((signal) => load({ cursor, limit: pageSize }, signal), [...deps, cursor, pageSize]);
  const nextCursor = data?.nextCursor ?? null;
  const restart = useCallback(() => {
    setCursors((list) => (list.length === 1 ? list : [null]));
    reload();
  }, [reload]);
  const pages: CursorPages<E> = {
    items: data ? entriesOf(data) : [],
    isLoading,
    pageNumber: cursors.length,
    pageSize,
    hasNext: nextCursor !== null,
    hasPrevious: cursors.length > 1,
    next: () => nextCursor && setCursors((list) => [...list, nextCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    setPageSize: (size) => {
      setPageSizeState(size);
      setCursors([null]);
    },
    reload,
  };
  return { view: data, pages, restart };
}
