import type { AdminProduct, AdminSku, SkuCreateBody, SkuUpdateBody } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { addSku, getAdminProduct, updateSku } from '../catalog';
import type { CategoryPaths } from './category-paths';
import { rowErrorsOf } from './row-errors';
import { fail, groupBy, isOk, type RowState } from './row-state';

/** JSON with sorted keys: jsonb keeps no key order, so {a,b} and {b,a} are the same specs. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type SkuChanges = Omit<SkuUpdateBody, 'confirmBelowCost'>;

/** The fields of a row that differ from the stored SKU; stock is not among them (it moves only by adjustments). */
function skuChanges(stored: AdminSku, row: SkuCreateBody): SkuChanges {
  const changes: Record<string, unknown> = {};
  const keys = ['specs', 'publicPriceFen', 'privatePriceFen', 'costPriceFen', 'tierPrices', 'purchaseLimit', 'barcode'] as const;
  for (const key of keys) if (canonical(stored[key]) !== canonical(row[key])) changes[key] = row[key];
  return changes as SkuChanges;
}

/** Product columns are optional on rows of an existing product; given, they must match (import does not edit products). */
function checkProductColumns(product: AdminProduct, state: RowState, paths: CategoryPaths): void {
  const { productTitle, categoryPath, role } = state.input;
  const hint = `（导入不修改商品信息，请在商品页修改）`;
  if (productTitle !== null && productTitle !== product.title) fail(state, 'product_title', `与商品 #${product.id} 的名称“${product.title}”不一致${hint}`);
  const currentPath = paths.byId.get(product.categoryId) ?? '';
  if (categoryPath !== null && categoryPath !== currentPath) fail(state, 'category', `与商品 #${product.id} 的分类“${currentPath}”不一致${hint}`);
  if (role !== null && role !== product.role) fail(state, 'role', `与商品 #${product.id} 的定位“${product.role}”不一致${hint}`);
}

async function importRow(sc: ServiceContext, product: AdminProduct, state: RowState): Promise<void> {
  const { sku, skuId } = state.input;
  if (!sku) {
    state.outcome = 'unchanged';
    return;
  }
  try {
    if (skuId === null) {
      const created = await addSku(sc, product.id, { ...sku, confirmBelowCost: false });
      Object.assign(state, { skuId: created.id, outcome: 'written', hasNewIds: true });
      return;
    }
    const stored = product.skus.find((candidate) => candidate.id === skuId);
    if (!stored) {
      fail(state, 'sku_id', `规格 #${skuId} 不存在、已删除或不属于商品 #${product.id}`);
      return;
    }
    const changes = skuChanges(stored, sku);
    if (Object.keys(changes).length === 0) {
      Object.assign(state, { outcome: 'unchanged', action: 'none' });
      return;
    }
    await updateSku(sc, skuId, { ...changes, confirmBelowCost: false });
    state.outcome = 'written';
  } catch (error) {
    state.errors.push(...rowErrorsOf(error));
  }
}

/**
 * Rows with product_id: add a SKU (no sku_id) or update one (sku_id), each through the catalog
 * service in a savepoint of its own, with the service's checks (below-cost guard on on_sale
 * products, private ≤ public, barcode uniqueness).
 */
export async function importIntoExistingProducts(sc: ServiceContext, states: readonly RowState[], paths: CategoryPaths): Promise<void> {
  const firstRowOfSku = new Map<number, number>();
  const groups = groupBy(
    states.filter((state) => isOk(state) && state.input.productId !== null),
    (state) => state.input.productId ?? 0,
  );
  for (const [productId, group] of groups) {
    let product: AdminProduct;
    try {
      product = await getAdminProduct(sc, productId);
    } catch (error) {
      for (const state of group) state.errors.push(...rowErrorsOf(error));
      continue;
    }
    for (const state of group) {
      checkProductColumns(product, state, paths);
      const { skuId, row } = state.input;
      if (skuId !== null) {
        const earlier = firstRowOfSku.get(skuId);
        if (earlier !== undefined) fail(state, 'sku_id', `与第 ${earlier} 行是同一个规格`);
        else firstRowOfSku.set(skuId, row);
      }
      if (isOk(state)) await importRow(sc, product, state);
    }
  }
}
