import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

export interface AsyncState<T> {
  data: T | null;
  error: ApiError | null;
  isLoading: boolean;
  reload: () => Promise<void>;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('INTERNAL', 0, null, '加载失败，请稍后重试');
}

/** Loads `load()` when `key` changes; the page renders a skeleton, the data, or an error with retry. */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    setIsLoading(true);
    setError(null);
    try {
      setData(await loadRef.current());
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setIsLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [key, reload]);
  return { data, error, isLoading, reload };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  isLoading: boolean;
  isLoadingMore: boolean;
  hasMore: boolean;
  /** The last next-page load failed (the footer offers a retry). */
  isLoadMoreFailed: boolean;
  error: ApiError | null;
  /** First page again (pull-to-refresh, retry). */
  refresh: () => Promise<void>;
  /** Next page, when there is one and nothing is loading (infinite scroll). */
  loadMore: () => Promise<void>;
}

/** A cursor-paged list (products, orders); `key` names the query, a new key starts over. */
export function usePagedList<T extends { id: number }>(fetchPage: (cursor: string | null) => Promise<Page<T>>, key: string): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(true);
  const [isLoading, setIsLoading] = useState(true);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [isLoadMoreFailed, setIsLoadMoreFailed] = useState(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);
  const busy = useRef(false);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    busy.current = true;
    setIsLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(null);
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setHasMore(page.nextCursor !== null);
    } catch (caught) {
      if (mine === generation.current) setError(asApiError(caught));
    } finally {
      if (mine === generation.current) {
        busy.current = false;
        setIsLoading(false);
      }
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || !hasMore || cursor === null) return;
    const mine = generation.current;
    busy.current = true;
    setIsLoadingMore(true);
    setIsLoadMoreFailed(false);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== generation.current) return;
      setItems((previous) => [...previous, ...page.items.filter((item) => !previous.some((seen) => seen.id === item.id))]);
      setCursor(page.nextCursor);
      setHasMore(page.nextCursor !== null);
    } catch {
      // The list so far stays; the footer offers a retry.
      setIsLoadMoreFailed(true);
    } finally {
      if (mine === generation.current) busy.current = false;
      setIsLoadingMore(false);
    }
  }, [cursor, hasMore]);

  useEffect(() => {
    void refresh();
  }, [key, refresh]);

  return { items, isLoading, isLoadingMore, hasMore, isLoadMoreFailed, error, refresh, loadMore };
}
