import type { AdminProduct } from '@siyu/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { catalogApi } from '../../../api/catalog';
import { reportError } from '../../../errors/report-error';

const SEARCH_DELAY_MS = 300;

/**
 * Products matching what is typed in a picker (the first 20 by the staff list's order), debounced;
 * an empty query lists the first products so the picker is never empty. A newer search wins.
 */
export function useProductSearch(): { products: AdminProduct[]; isLoading: boolean; search(q: string): void } {
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState<AdminProduct[]>([]);
  const [isLoading, setIsLoading] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setIsLoading(true);
      catalogApi
        .products({ q: query.trim() || undefined }, null, 20, controller.signal)
        .then((page) => {
          if (current === generation.current) setProducts(page.items);
        })
        .catch(reportError)
        .finally(() => {
          if (current === generation.current) setIsLoading(false);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const search = useCallback((q: string) => setQuery(q), []);
  return { products, isLoading, search };
}
