import { useCallback, useEffect, useRef, useState } from 'react';
import { reportError } from '../errors/report-error';

export interface ApiData<T> {
  data: T | undefined;
  isLoading: boolean;
  error: unknown;
  reload(): void;
}

/**
 * Loads data for a page and reloads it when `deps` change; failures go to the global error
 * handler. A newer load aborts the older one so a slow answer never overwrites a fresh one.
 */
export function useApiData<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): ApiData<T> {
  const [data, setData] = useState<T>();
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setIsLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        reportError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setIsLoading(false);
      });
    return () => controller.abort();
    // The caller names what the load depends on; `load` itself is read through a ref.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, isLoading, error, reload };
}
