import type { AdminProduct } from '@siyu/shared';
import { specsLabel } from '../../labels';

/** Names a SKU of a product for dialogs and reports ("容量:330ml"); a SKU being added is "新规格". */
export function skuLabelFor(product: Pick<AdminProduct, 'skus'>): (skuId: number | null) => string {
  return (skuId) => {
    if (skuId === null) return '新规格';
    const sku = product.skus.find((candidate) => candidate.id === skuId);
    return sku ? specsLabel(sku.specs) : `规格 #${skuId}`;
  };
}
