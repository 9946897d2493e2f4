import type { AdminProduct, AdminSku } from '@siyu/shared';
import { Select, type SelectProps } from 'antd';
import { useMemo } from 'react';
import { money } from '../../../format';
import { specsLabel } from '../../../labels';
import { useProductSearch } from './use-product-search';

/** A SKU with the product it belongs to, as a picker hands it over. */
export interface PickedSku {
  sku: AdminSku;
  product: Pick<AdminProduct, 'id' | 'title'>;
  /** "每日坚果 · 规格:25g×30包". */
  label: string;
}

/** "每日坚果 25g×30包 · 规格:25g×30包" (the product title alone when the SKU has no specs). */
export function pickedSkuLabel(product: Pick<AdminProduct, 'title'>, sku: Pick<AdminSku, 'specs'>): string {
  const specs = specsLabel(sku.specs);
  return specs ? `${product.title} · ${specs}` : product.title;
}

export interface SkuSelectProps extends Omit<
  SelectProps<number | null>,
  'options' | 'mode' | 'onSearch' | 'filterOption' | 'showSearch' | 'onChange' | 'onSelect'
> {
  /** null keeps the picker empty after each pick (the sample cart lists what was picked). */
  value?: number | null;
  onChange?: (skuId: number | undefined) => void;
  /** Called with the SKU and its product when one is picked. */
  onPick?: (picked: PickedSku) => void;
  /** SKUs not to offer (already in a sample cart). */
  excludeSkuIds?: readonly number[];
}

/** One SKU picked by searching product titles; each option shows its private and cost price. */
export function SkuSelect({ value, onChange, onPick, excludeSkuIds = [], ...rest }: SkuSelectProps) {
  const { products, isLoading, search } = useProductSearch();
  const byId = useMemo(() => {
    const map = new Map<number, PickedSku>();
    for (const product of products) for (const sku of product.skus) map.set(sku.id, { sku, product, label: pickedSkuLabel(product, sku) });
    return map;
  }, [products]);
  const options = [...byId.values()]
    .filter((picked) => !excludeSkuIds.includes(picked.sku.id))
    .map((picked) => ({
      value: picked.sku.id,
      label: `${picked.label}（${money(picked.sku.privatePriceFen)}，成本 ${money(picked.sku.costPriceFen)}）`,
    }));
  return (
    <Select<number | null>
      {...rest}
      showSearch={{ filterOption: false, onSearch: search }}
      loading={isLoading}
      value={value}
      options={options}
      placeholder={rest.placeholder ?? '搜索商品名称，选择规格'}
      notFoundContent={isLoading ? '搜索中…' : '没有匹配的商品'}
      onChange={(skuId: number | null | undefined) => {
        onChange?.(skuId ?? undefined);
        const picked = typeof skuId === 'number' ? byId.get(skuId) : undefined;
        if (picked) onPick?.(picked);
      }}
    />
  );
}
