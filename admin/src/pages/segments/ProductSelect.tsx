import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { catalogApi } from '../../api/catalog';

export interface ProductSelectProps {
  value: number[];
  onChange: (ids: number[]) => void;
  ariaLabel: string;
}

/** Products by title search (the catalog has thousands, so options come from the server as one types). */
export function ProductSelect({ value, onChange, ariaLabel }: ProductSelectProps) {
  const [titles, setTitles] = useState<Map<number, string>>(() => new Map());
  const [found, setFound] = useState<{ value: number; label: string }[]>([]);
  const [isSearching, setIsSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // Titles of ids saved earlier (a segment opened for editing) are fetched once each.
  useEffect(() => {
    const missing = value.filter((id) => !titles.has(id));
    if (missing.length === 0) return;
    let isCurrent = true;
    void Promise.all(
      missing.map((id) =>
        catalogApi.product(id).then(
          (product) => [id, product.title] as const,
          () => [id, `商品 #${id}`] as const,
        ),
      ),
    ).then((pairs) => {
      if (isCurrent) setTitles((current) => new Map([...current, ...pairs]));
    });
    return () => {
      isCurrent = false;
    };
  }, [value, titles]);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setIsSearching(true);
      catalogApi
        .products(q.trim() ? { q: q.trim() } : {}, null, 20)
        .then((page) => {
          setFound(page.items.map((product) => ({ value: product.id, label: product.title })));
          setTitles((current) => new Map([...current, ...page.items.map((product) => [product.id, product.title] as const)]));
        })
        .catch(() => setFound([]))
        .finally(() => setIsSearching(false));
    }, 300);
  };

  const selected = value.map((id) => ({ value: id, label: titles.get(id) ?? `商品 #${id}` }));
  const options = [...selected, ...found.filter((option) => !value.includes(option.value))];
  return (
    <Select<number[]>
      mode="multiple"
      aria-label={ariaLabel}
      placeholder="搜索商品"
      style={{ minWidth: 240 }}
      showSearch
      filterOption={false}
      onSearch={search}
      onFocus={() => found.length === 0 && search('')}
      loading={isSearching}
      value={value}
      onChange={onChange}
      options={options}
      notFoundContent={isSearching ? '搜索中…' : '没有匹配的商品'}
    />
  );
}
