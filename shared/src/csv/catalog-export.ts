import type { AdminProduct, AdminSku } from '../catalog/schemas';
import { TIER_CODES } from '../members/tiers';
import { fenToYuanString, type Fen } from '../money';
import { CATALOG_CSV_COLUMNS, formatSpecs } from './catalog-columns';
import { protectCell, serializeCsv } from './rfc4180';

const yuan = (fen: number | undefined): string => (fen === undefined ? '' : fenToYuanString(fen as Fen));

/** The cells of one export row (a product with one of its SKUs, or the product alone when it has none). */
export function catalogCsvRecord(product: AdminProduct, sku: AdminSku | null, categoryPath: string): string[] {
  const cells: Record<string, string> = {
    product_id: String(product.id),
    product_title: protectCell(product.title),
    category: protectCell(categoryPath),
    role: product.role,
    status: product.status,
    sku_id: sku ? String(sku.id) : '',
    spec: sku ? protectCell(formatSpecs(sku.specs)) : '',
    public_price: yuan(sku?.publicPriceFen),
    private_price: yuan(sku?.privatePriceFen),
    cost_price: yuan(sku?.costPriceFen),
    stock: sku ? String(sku.stock) : '',
    purchase_limit: sku?.purchaseLimit == null ? '' : String(sku.purchaseLimit),
    barcode: protectCell(sku?.barcode ?? ''),
  };
  for (const tier of TIER_CODES) cells[`tier_${tier}`] = yuan(sku?.tierPrices[tier]);
  return CATALOG_CSV_COLUMNS.map((column) => cells[column.key] ?? '');
}

/**
 * The product × SKU table as CSV: header of column keys, one row per live SKU, UTF-8 with a byte
 * order mark so that Excel shows the Chinese text correctly. `categoryPath` names a category id.
 */
export function catalogCsv(products: readonly AdminProduct[], categoryPath: (categoryId: number) => string): string {
  const header = CATALOG_CSV_COLUMNS.map((column) => column.key);
  const rows = products.flatMap((product) => {
    const path = categoryPath(product.categoryId);
    return product.skus.length === 0 ? [catalogCsvRecord(product, null, path)] : product.skus.map((sku) => catalogCsvRecord(product, sku, path));
  });
  return serializeCsv([header, ...rows], { bom: true });
}
