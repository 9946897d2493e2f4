import { useCallback, useMemo } from 'react';
import { catalogApi } from '../../../api/catalog';
import { useApiData } from '../../../hooks/use-api-data';
import { pickedSkuLabel } from './SkuSelect';

/** How many products the lookup reads: enough for a private-domain shop's catalog; beyond it ids show. */
const LOOKUP_LIMIT = 100;

/**
 * Names SKUs by id ("原味巴旦木 500g · 规格:500g") for lists that only carry ids (approval reasons),
 * from the first page of the staff product list; an unknown SKU is "规格 #12". Only loads when `isNeeded`.
 */
export function useSkuNames(isNeeded: boolean): (skuId: number) => string {
  const { data } = useApiData((signal) => (isNeeded ? catalogApi.products({}, null, LOOKUP_LIMIT, signal) : Promise.resolve(null)), [isNeeded]);
  const names = useMemo(
    () => new Map((data?.items ?? []).flatMap((product) => product.skus.map((sku) => [sku.id, pickedSkuLabel(product, sku)] as const))),
    [data],
  );
  return useCallback((skuId: number) => names.get(skuId) ?? `规格 #${skuId}`, [names]);
}
