import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { adminProductListQuerySchema, ProductListQuery } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { categories, products } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import type { ProductRow } from './repo';

type ProductSort = ProductListQuery['sort'];

interface SortSpec {
  column: AnyPgColumn;
  direction: 'asc' | 'desc';
  value: (row: ProductRow) => number | null;
  /** The column's type, which bounds the value a cursor may carry. */
  cursorKind: 'int4' | 'int8';
}

/**
 * Each sort is a total order: its column, then id in the same direction. The keyset condition is a
 * row comparison on exactly that pair, so consecutive pages neither repeat nor skip a product.
 * Price sorts use `price_from_fen`, which is never null for listed products (they have live SKUs).
 */
const SORTS: Record<ProductSort, SortSpec> = {
  default: { column: products.sortOrder, direction: 'asc', value: (row) => row.sortOrder, cursorKind: 'int4' },
  sales: { column: products.salesCount, direction: 'desc', value: (row) => row.salesCount, cursorKind: 'int4' },
  price_asc: { column: products.priceFromFen, direction: 'asc', value: (row) => row.priceFromFen, cursorKind: 'int8' },
  price_desc: { column: products.priceFromFen, direction: 'desc', value: (row) => row.priceFromFen, cursorKind: 'int8' },
};

/** ILIKE pattern matching `q` literally anywhere: %, _ and \ lose their wildcard meaning. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Title or subtitle contains the keyword (case-insensitive). */
export function keywordCondition(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = containsPattern(q);
  return or(sql`${products.title} ilike ${pattern} escape '\\'`, sql`${products.subtitle} ilike ${pattern} escape '\\'`);
}

/** The category itself or, for a top-level category, any of its children. */
export function categoryCondition(categoryId: number | undefined): SQL | undefined {
  if (categoryId === undefined) return undefined;
  const ids = sql`(select ${categories.id} from ${categories} where ${categories.id} = ${categoryId} or ${categories.parentId} = ${categoryId})`;
  return inArray(products.categoryId, ids);
}

/** The sort key of the last row seen, bound to the sort it came from. */
function decodeSortCursor(sort: ProductSort, cursor: string): [number, number] {
  const [cursorSort, value, id] = decodeCursor(cursor, ['text', SORTS[sort].cursorKind, 'id']);
  if (cursorSort !== sort) throw new AppError('INVALID_CURSOR');
  return [value, id];
}

function afterCursor(spec: SortSpec, cursor: [number, number]): SQL {
  const [value, id] = cursor;
  return spec.direction === 'asc' ? sql`(${spec.column}, ${products.id}) > (${value}, ${id})` : sql`(${spec.column}, ${products.id}) < (${value}, ${id})`;
}

/** One page of on_sale products with live SKUs for the shop, in `query.sort` order. */
export async function shopProductPage(db: Executor, query: ProductListQuery): Promise<{ rows: ProductRow[]; nextCursor: string | null }> {
  const spec = SORTS[query.sort];
  const order = spec.direction === 'asc' ? [asc(spec.column), asc(products.id)] : [desc(spec.column), desc(products.id)];
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.status, 'on_sale'),
        isNotNull(products.priceFromFen),
        categoryCondition(query.categoryId),
        keywordCondition(query.q),
        query.cursor ? afterCursor(spec, decodeSortCursor(query.sort, query.cursor)) : undefined,
      ),
    )
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > query.limit && last !== undefined;
  return { rows: page, nextCursor: hasMore ? encodeCursor([query.sort, spec.value(last), last.id]) : null };
}

type AdminProductFilter = z.output<typeof adminProductListQuerySchema>;

/** One page of products for staff, newest first, any status. */
export async function adminProductPage(db: Executor, filter: AdminProductFilter): Promise<{ rows: ProductRow[]; nextCursor: string | null }> {
  const cursorId = filter.cursor ? decodeCursor(filter.cursor, ['id'])[0] : undefined;
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        categoryCondition(filter.categoryId),
        keywordCondition(filter.q),
        filter.role ? eq(products.role, filter.role) : undefined,
        filter.status ? eq(products.status, filter.status) : undefined,
        cursorId === undefined ? undefined : lt(products.id, cursorId),
      ),
    )
    .orderBy(desc(products.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null };
}
