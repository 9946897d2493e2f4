import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Category, categoryCreateBodySchema, categoryUpdateBodySchema } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { categories } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { hasChildCategories, hasProducts, listCategoryRows, lockCategories, type CategoryRow } from './category-repo';
import { catalogTransaction, fieldError } from './errors';
import { buildCategoryTree, toCategory, type CategoryTreeNode } from './views';

type CategoryCreateBody = z.output<typeof categoryCreateBodySchema>;
type CategoryUpdateBody = z.output<typeof categoryUpdateBodySchema>;

/** GET /api/categories and /api/admin/categories: the two-level tree in display order. */
export async function categoryTree(sc: ServiceContext): Promise<CategoryTreeNode[]> {
  return buildCategoryTree(await listCategoryRows(sc.db));
}

/** A parent must exist and be top-level: categories are at most two levels deep. */
function assertCanBeParent(parent: CategoryRow | undefined): void {
  if (!parent) throw new AppError('CATEGORY_NOT_FOUND', undefined, { field: 'body.parentId' });
  if (parent.parentId !== null) throw new AppError('CATEGORY_DEPTH_EXCEEDED', undefined, { parentId: parent.id });
}

/** POST /api/admin/categories. */
export async function createCategory(sc: ServiceContext, body: CategoryCreateBody): Promise<Category> {
  return catalogTransaction(sc, async (tx) => {
    if (body.parentId !== null) {
      const locked = await lockCategories(tx.db, [body.parentId]);
      assertCanBeParent(locked.get(body.parentId));
    }
    const [row] = await tx.db
      .insert(categories)
      .values({ name: body.name, parentId: body.parentId, sortOrder: body.sortOrder, createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('category insert returned nothing');
    const created = toCategory(row);
    await recordAudit(tx, { action: 'category.create', targetType: 'category', targetId: row.id, after: created });
    return created;
  });
}

/**
 * PATCH /api/admin/categories/:id. Moving under a parent keeps the tree two levels deep: the parent
 * must be top-level and the moved category must have no children of its own.
 */
export async function updateCategory(sc: ServiceContext, id: number, body: CategoryUpdateBody): Promise<Category> {
  if (body.parentId === id) throw fieldError('body.parentId', 'a category cannot be its own parent');
  return catalogTransaction(sc, async (tx) => {
    const newParentId = body.parentId ?? null;
    const locked = await lockCategories(tx.db, newParentId === null ? [id] : [id, newParentId]);
    const before = locked.get(id);
    if (!before) throw new AppError('CATEGORY_NOT_FOUND');
    if (newParentId !== null && newParentId !== before.parentId) {
      assertCanBeParent(locked.get(newParentId));
      if (await hasChildCategories(tx.db, id)) throw new AppError('CATEGORY_DEPTH_EXCEEDED', undefined, { categoryId: id });
    }
    const [row] = await tx.db
      .update(categories)
      .set({ ...body, updatedAt: tx.now })
      .where(eq(categories.id, id))
      .returning();
    if (!row) throw new AppError('CATEGORY_NOT_FOUND');
    const after = toCategory(row);
    await recordAudit(tx, { action: 'category.update', targetType: 'category', targetId: id, before: toCategory(before), after });
    return after;
  });
}

/** DELETE /api/admin/categories/:id: only an empty category (no children, no products of any status). */
export async function deleteCategory(sc: ServiceContext, id: number): Promise<void> {
  await catalogTransaction(sc, async (tx) => {
    const before = (await lockCategories(tx.db, [id])).get(id);
    if (!before) throw new AppError('CATEGORY_NOT_FOUND');
    const hasChildren = await hasChildCategories(tx.db, id);
    const isUsed = await hasProducts(tx.db, id);
    if (hasChildren || isUsed) throw new AppError('CATEGORY_NOT_EMPTY', undefined, { hasChildren, hasProducts: isUsed });
    await tx.db.delete(categories).where(eq(categories.id, id));
    await recordAudit(tx, { action: 'category.delete', targetType: 'category', targetId: id, before: toCategory(before) });
  });
}
