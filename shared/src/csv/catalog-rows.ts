import { PRODUCT_ROLE_NAMES, PRODUCT_ROLES, productCreateBodySchema, skuCreateBodySchema, type ProductRole, type SkuCreateBody } from '../catalog/schemas';
import { TIER_CODES, type TierCode } from '../members/tiers';
import { parseYuanToFen } from '../money';
import { CATALOG_CSV_MAX_ROWS, parseSpecs, readCatalogHeader, type CsvHeaderProblem } from './catalog-columns';
import { describeIssue } from './issue-text';
import { CsvSyntaxError, isBlankRecord, parseCsv, unprotectCell } from './rfc4180';

/** One problem of one row, named by its CSV column (null: the row as a whole). */
export interface CsvCellError {
  column: string | null;
  message: string;
}

/** One data row of an import, read and checked on its own (the server then checks it against the database). */
export interface CatalogCsvRow {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  productId: number | null;
  productTitle: string | null;
  categoryPath: string | null;
  role: ProductRole | null;
  skuId: number | null;
  /** The SKU the row describes, validated with the shared schema; null for a product-only row or an invalid one. */
  sku: SkuCreateBody | null;
  errors: CsvCellError[];
}

/** Why a whole file was refused; `code` is an error code of shared/errors. */
export class CatalogCsvError extends Error {
  override readonly name = 'CatalogCsvError';
  constructor(
    readonly code: 'CSV_MALFORMED' | 'CSV_EMPTY' | 'CSV_COLUMNS_INVALID' | 'CSV_TOO_MANY_ROWS',
    message: string,
    readonly details: { line?: number; problems?: CsvHeaderProblem[]; maxRows?: number; rows?: number },
  ) {
    super(message);
  }
}

/** A SKU schema field → the CSV column it comes from. */
export function columnOfSkuField(path: readonly PropertyKey[]): string | null {
  const [field, tier] = path;
  const columns: Record<string, string> = {
    specs: 'spec',
    publicPriceFen: 'public_price',
    privatePriceFen: 'private_price',
    costPriceFen: 'cost_price',
    stock: 'stock',
    purchaseLimit: 'purchase_limit',
    barcode: 'barcode',
  };
  if (field === 'tierPrices' && typeof tier === 'string') return `tier_${tier}`;
  return typeof field === 'string' ? (columns[field] ?? null) : null;
}

const ROLE_BY_NAME = new Map<string, ProductRole>(PRODUCT_ROLES.flatMap((role) => [[role, role] as const, [PRODUCT_ROLE_NAMES[role], role] as const]));
const MONEY_ERROR = '金额格式错误：最多两位小数，如 12.50';

/** Reads the cells of one row; `errors` collects what cannot even be converted. */
class RowReader {
  readonly errors: CsvCellError[] = [];
  constructor(private readonly cells: ReadonlyMap<string, string>) {}

  text(column: string): string {
    return unprotectCell(this.cells.get(column) ?? '').trim();
  }
  isEmpty(column: string): boolean {
    return this.text(column) === '';
  }
  fail(column: string | null, message: string): undefined {
    this.errors.push({ column, message });
    return undefined;
  }
  /** A whole number 0 … max, or null when empty. */
  integer(column: string, max: number): number | null | undefined {
    const text = this.text(column);
    if (text === '') return null;
    if (!/^\d+$/.test(text) || Number(text) > max) return this.fail(column, `须为 0–${max} 的整数`);
    return Number(text);
  }
  id(column: string): number | null | undefined {
    const value = this.integer(column, 2_147_483_647);
    return value === 0 ? this.fail(column, '须为正整数') : value;
  }
  /** Yuan → fen without floats; undefined when empty (the schema then says it is required). */
  fen(column: string): number | undefined {
    const text = this.text(column);
    if (text === '') return undefined;
    const fen = parseYuanToFen(text);
    return fen === null ? this.fail(column, MONEY_ERROR) : fen;
  }
}

const SKU_COLUMNS = ['spec', 'public_price', 'private_price', 'cost_price', 'stock', 'purchase_limit', 'barcode', ...TIER_CODES.map((t) => `tier_${t}`)];

function readProductFields(reader: RowReader) {
  const title = reader.text('product_title');
  const titleResult = productCreateBodySchema.shape.title.safeParse(title);
  if (title && !titleResult.success) reader.fail('product_title', describeIssue(titleResult.error.issues[0] ?? { code: 'custom', message: '格式不正确' }));
  const roleText = reader.text('role');
  const role = roleText ? (ROLE_BY_NAME.get(roleText) ?? ROLE_BY_NAME.get(roleText.toLowerCase()) ?? null) : null;
  if (roleText && !role) reader.fail('role', '须为 traffic / hero / profit（引流品 / 爆品 / 利润品）');
  const categoryPath = reader
    .text('category')
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('/');
  return { productTitle: title || null, role, categoryPath: categoryPath || null };
}

function readSku(reader: RowReader): SkuCreateBody | null {
  const specsResult = reader.isEmpty('spec') ? undefined : parseSpecs(reader.text('spec'));
  const specs = specsResult && 'error' in specsResult ? reader.fail('spec', specsResult.error) : specsResult;
  const tierPrices: Partial<Record<TierCode, number>> = {};
  for (const tier of TIER_CODES) {
    const fen = reader.fen(`tier_${tier}`);
    if (fen !== undefined) tierPrices[tier] = fen;
  }
  const candidate = {
    specs,
    publicPriceFen: reader.fen('public_price'),
    privatePriceFen: reader.fen('private_price'),
    costPriceFen: reader.fen('cost_price'),
    tierPrices,
    stock: reader.integer('stock', 10_000_000) ?? 0,
    purchaseLimit: reader.integer('purchase_limit', 9999),
    barcode: reader.text('barcode') || null,
  };
  const result = skuCreateBodySchema.safeParse(candidate);
  if (result.success) return reader.errors.length === 0 ? result.data : null;
  const alreadyReported = new Set(reader.errors.map((error) => error.column));
  for (const issue of result.error.issues) {
    const column = columnOfSkuField(issue.path);
    if (!alreadyReported.has(column)) reader.fail(column, describeIssue(issue));
  }
  return null;
}

/** Reads one data record against the header keys. */
export function readCatalogRow(keys: readonly string[], record: readonly string[], row: number): CatalogCsvRow {
  const reader = new RowReader(new Map(keys.map((key, index) => [key, record[index] ?? ''])));
  if (record.length > keys.length && record.slice(keys.length).some((cell) => cell.trim() !== '')) {
    reader.fail(null, `本行有 ${record.length} 列，表头只有 ${keys.length} 列`);
  }
  const productId = reader.id('product_id');
  const skuId = reader.id('sku_id');
  const product = readProductFields(reader);
  const isProductOnly = skuId === null && SKU_COLUMNS.every((column) => reader.isEmpty(column));
  if (isProductOnly && productId === null) reader.fail(null, '新商品的行需要填写规格和价格');
  if (productId === null && !isProductOnly) {
    if (!product.productTitle && !reader.errors.some((e) => e.column === 'product_title')) reader.fail('product_title', '新商品必填');
    if (!product.categoryPath) reader.fail('category', '新商品必填');
    if (!product.role && !reader.errors.some((e) => e.column === 'role')) reader.fail('role', '新商品必填');
  }
  if (skuId !== null && productId === null) reader.fail('product_id', '更新已有规格时须填写商品ID');
  const sku = isProductOnly ? null : readSku(reader);
  return { row, productId: productId ?? null, skuId: skuId ?? null, ...product, sku, errors: reader.errors };
}

/**
 * Reads a whole import file: header, then every non-blank record. Throws CatalogCsvError when the
 * file as a whole cannot be used; row problems come back in each row's `errors`.
 */
export function parseCatalogCsv(text: string): CatalogCsvRow[] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CatalogCsvError('CSV_MALFORMED', error.message, { line: error.line });
    throw error;
  }
  const [header, ...data] = records;
  if (!header || isBlankRecord(header)) throw new CatalogCsvError('CSV_EMPTY', 'the file has no header row', {});
  const read = readCatalogHeader(header);
  if ('problems' in read) throw new CatalogCsvError('CSV_COLUMNS_INVALID', 'the header does not match the template', { problems: read.problems });
  const rows = data.map((record, index) => ({ record, row: index + 2 })).filter(({ record }) => !isBlankRecord(record));
  if (rows.length === 0) throw new CatalogCsvError('CSV_EMPTY', 'the file has no data rows', {});
  if (rows.length > CATALOG_CSV_MAX_ROWS) {
    throw new CatalogCsvError('CSV_TOO_MANY_ROWS', `at most ${CATALOG_CSV_MAX_ROWS} rows per import`, { maxRows: CATALOG_CSV_MAX_ROWS, rows: rows.length });
  }
  return rows.map(({ record, row }) => readCatalogRow(read.keys, record, row));
}
