import { productCreateBodySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { addSku, createProduct } from '../catalog';
import type { CategoryPaths } from './category-paths';
import { rowErrorsOf } from './row-errors';
import { fail, groupBy, isOk, type RowState } from './row-state';

/** Thrown inside a product's savepoint when none of its rows could be written: the empty product goes too. */
class NothingWritten extends Error {}

/** Rows of one new product must agree on what only the product has: its category and role. */
function checkAgreement(group: RowState[], paths: CategoryPaths): number | null {
  const [first] = group;
  if (!first) return null;
  const { categoryPath, role } = first.input;
  for (const state of group.slice(1)) {
    if (state.input.categoryPath !== categoryPath) fail(state, 'category', `同名新商品在第 ${first.input.row} 行的分类是“${categoryPath ?? ''}”，各行须一致`);
    if (state.input.role !== role) fail(state, 'role', `同名新商品在第 ${first.input.row} 行的定位是“${role ?? ''}”，各行须一致`);
  }
  const categoryId = categoryPath ? paths.byPath.get(categoryPath) : undefined;
  if (categoryId === undefined) {
    for (const state of group) fail(state, 'category', `分类“${categoryPath ?? ''}”不存在，请先在分类页创建（写成“一级/二级”）`);
    return null;
  }
  return categoryId;
}

/**
 * One new draft product with a SKU per valid row, in a savepoint of the import's transaction: each
 * SKU is added in a savepoint of its own (the catalog service opens it), so a refused row leaves the
 * others standing, and a product none of whose rows could be written is rolled back entirely.
 */
async function importNewProduct(sc: ServiceContext, title: string, group: RowState[], paths: CategoryPaths): Promise<void> {
  const categoryId = checkAgreement(group, paths);
  const rows = group.filter(isOk);
  const [first] = rows;
  if (categoryId === null || !first || !first.input.role) return;
  const body = productCreateBodySchema.parse({ categoryId, title, role: first.input.role, skus: [] });
  try {
    await inTransaction(sc, async (savepoint) => {
      const product = await createProduct(savepoint, body);
      let written = 0;
      for (const state of rows) {
        if (!state.input.sku) continue;
        try {
          const sku = await addSku(savepoint, product.id, { ...state.input.sku, confirmBelowCost: false });
          Object.assign(state, { productId: product.id, skuId: sku.id, outcome: 'written', hasNewIds: true });
          written += 1;
        } catch (error) {
          state.errors.push(...rowErrorsOf(error));
        }
      }
      if (written === 0) throw new NothingWritten();
    });
  } catch (error) {
    if (error instanceof NothingWritten) return;
    const errors = rowErrorsOf(error);
    for (const state of rows) {
      Object.assign(state, { productId: null, skuId: null, outcome: 'pending', hasNewIds: false });
      state.errors.push(...errors);
    }
  }
}

/** Rows without product_id: rows with the same product_title form one new product. */
export async function importNewProducts(sc: ServiceContext, states: readonly RowState[], paths: CategoryPaths): Promise<void> {
  const groups = groupBy(
    states.filter((state) => isOk(state) && state.input.productId === null),
    (state) => state.input.productTitle ?? '',
  );
  for (const [title, group] of groups) await importNewProduct(sc, title, group, paths);
}
