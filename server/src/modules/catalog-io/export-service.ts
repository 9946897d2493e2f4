import type { z } from 'zod';
import { catalogCsv, type AdminProduct, type catalogExportQuerySchema } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/client';
import { categoryTree, listAdminProducts } from '../catalog';
import { categoryPaths } from './category-paths';

const PAGE_SIZE = 100;

/**
 * GET /api/admin/catalog/export.csv: every product matching the filter with its live SKUs, read in
 * one read-only REPEATABLE READ transaction so the pages form one consistent snapshot.
 */
export async function exportCatalogCsv(sc: ServiceContext, filter: z.output<typeof catalogExportQuerySchema>): Promise<string> {
  return (sc.db as Db).transaction(
    async (tx) => {
      const read: ServiceContext = { ...sc, db: tx };
      const paths = categoryPaths(await categoryTree(read));
      const products: AdminProduct[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAdminProducts(read, { ...filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
        products.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return catalogCsv(products, (categoryId) => paths.byId.get(categoryId) ?? '');
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
