import { z } from 'zod';
import { multilineTextSchema } from '../common/schemas';
import { adminProductListQuerySchema } from '../catalog/schemas';

/** GET /api/admin/catalog/export.csv: the product list's filters, without paging (the whole table). */
export const catalogExportQuerySchema = adminProductListQuerySchema.omit({ cursor: true, limit: true });

/**
 * `all_or_nothing` writes nothing when any row is invalid; `valid_rows_only` writes the valid rows
 * and reports the others. There is no default: the client has to choose.
 */
export const CATALOG_IMPORT_MODES = ['all_or_nothing', 'valid_rows_only'] as const;
export type CatalogImportMode = (typeof CATALOG_IMPORT_MODES)[number];

/** POST /api/admin/catalog/import. `dryRun` checks every row against the database and writes nothing. */
export const catalogImportBodySchema = z.strictObject({
  csv: multilineTextSchema(4_000_000).min(1),
  mode: z.enum(CATALOG_IMPORT_MODES),
  dryRun: z.boolean().default(false),
});
export type CatalogImportBody = z.infer<typeof catalogImportBodySchema>;

/**
 * valid: passes every check (dry run, nothing written) · imported: written · unchanged: matches what
 * is stored · invalid: see `errors` · not_imported: valid, but all_or_nothing found invalid rows.
 */
export const CATALOG_IMPORT_ROW_STATUSES = ['valid', 'imported', 'unchanged', 'invalid', 'not_imported'] as const;
export type CatalogImportRowStatus = (typeof CATALOG_IMPORT_ROW_STATUSES)[number];

export const CATALOG_IMPORT_ACTIONS = ['create_product', 'add_sku', 'update_sku', 'none'] as const;
export type CatalogImportAction = (typeof CATALOG_IMPORT_ACTIONS)[number];

export const catalogImportRowReportSchema = z.object({
  row: z.number().int(),
  status: z.enum(CATALOG_IMPORT_ROW_STATUSES),
  /** What the row does (or would do): a new product with this SKU, a SKU added to a product, a SKU updated. */
  action: z.enum(CATALOG_IMPORT_ACTIONS),
  productId: z.number().int().nullable(),
  skuId: z.number().int().nullable(),
  errors: z.array(z.object({ column: z.string().nullable(), message: z.string() })),
});
export type CatalogImportRowReport = z.infer<typeof catalogImportRowReportSchema>;

export const catalogImportReportSchema = z.object({
  mode: z.enum(CATALOG_IMPORT_MODES),
  dryRun: z.boolean(),
  /** True when the import wrote its rows (false for a dry run and for all_or_nothing with invalid rows). */
  committed: z.boolean(),
  summary: z.object({
    rows: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    createdProducts: z.number().int(),
    createdSkus: z.number().int(),
    updatedSkus: z.number().int(),
    unchanged: z.number().int(),
  }),
  rows: z.array(catalogImportRowReportSchema),
});
export type CatalogImportReport = z.infer<typeof catalogImportReportSchema>;

/** The row-status labels the admin console shows. */
export const CATALOG_IMPORT_STATUS_NAMES: Readonly<Record<CatalogImportRowStatus, string>> = {
  valid: '校验通过',
  imported: '已导入',
  unchanged: '无变化',
  invalid: '有错误',
  not_imported: '未导入',
};
