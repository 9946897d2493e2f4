import { Select, type SelectProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { catalogApi } from '../../../api/catalog';
import { reportError } from '../../../errors/report-error';
import { useProductSearch } from './use-product-search';

export interface ProductSelectProps extends Omit<SelectProps<number[]>, 'options' | 'mode' | 'onSearch' | 'filterOption' | 'showSearch'> {
  value?: number[];
  onChange?: (productIds: number[]) => void;
}

/** Several products picked by searching their titles; ids already chosen are named by loading them. */
export function ProductSelect({ value, onChange, ...rest }: ProductSelectProps) {
  const { products, isLoading, search } = useProductSearch();
  const [titles, setTitles] = useState<ReadonlyMap<number, string>>(new Map());

  useEffect(() => {
    if (products.length === 0) return;
    setTitles((current) => new Map([...current, ...products.map((product) => [product.id, product.title] as const)]));
  }, [products]);

  // Chosen before this picker opened (a saved live session): fetch the titles the search has not shown.
  const missing = (value ?? []).filter((id) => !titles.has(id));
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!missingKey) return;
    const controller = new AbortController();
    Promise.all(missingKey.split(',').map((id) => catalogApi.product(Number(id), controller.signal)))
      .then((loaded) => setTitles((current) => new Map([...current, ...loaded.map((product) => [product.id, product.title] as const)])))
      .catch(reportError);
    return () => controller.abort();
  }, [missingKey]);

  const options = useMemo(() => {
    const ids = [...new Set([...(value ?? []), ...products.map((product) => product.id)])];
    return ids.map((id) => ({ value: id, label: titles.get(id) ?? `商品 #${id}` }));
  }, [value, products, titles]);

  return (
    <Select<number[]>
      {...rest}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: search }}
      loading={isLoading}
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      options={options}
      placeholder={rest.placeholder ?? '搜索商品名称'}
      notFoundContent={isLoading ? '搜索中…' : '没有匹配的商品'}
    />
  );
}
