import { TIER_CODES, TIER_NAMES, type TierCode } from '../members/tiers';

/** One column of the product/SKU CSV: its header key, the Chinese label (also accepted as header) and how import reads it. */
export interface CatalogCsvColumn {
  key: string;
  label: string;
  /** Needed in the header of an imported file. */
  isRequiredHeader: boolean;
  /** What the cell holds and how import treats it (shown in the admin console's import dialog). */
  description: string;
  example: string;
}

const tierColumn = (tier: TierCode): CatalogCsvColumn => ({
  key: `tier_${tier}`,
  label: `会员价-${TIER_NAMES[tier]}`,
  isRequiredHeader: false,
  description: `${TIER_NAMES[tier]}会员价（元）；留空 = 该等级无会员价`,
  example: tier === 'gold' ? '11.90' : '',
});

/**
 * The columns, in export order. Prices are yuan with at most two decimals, read with
 * parseYuanToFen and written from integer fen, so no float ever touches money.
 */
export const CATALOG_CSV_COLUMNS: readonly CatalogCsvColumn[] = [
  { key: 'product_id', label: '商品ID', isRequiredHeader: false, description: '留空 = 新建商品（草稿）；填写 = 向已有商品导入规格', example: '' },
  {
    key: 'product_title',
    label: '商品名称',
    isRequiredHeader: true,
    description: '新商品必填，最多 60 字；product_id 为空且名称相同的行属于同一个新商品；已有商品填写时须与现名称一致',
    example: '冷压椰子水',
  },
  { key: 'category', label: '分类', isRequiredHeader: true, description: '分类路径“一级/二级”，须已存在；新商品必填', example: '饮品/果蔬汁' },
  { key: 'role', label: '商品定位', isRequiredHeader: true, description: 'traffic / hero / profit，或 引流品 / 爆品 / 利润品；新商品必填', example: 'hero' },
  {
    key: 'status',
    label: '状态',
    isRequiredHeader: false,
    description: '仅导出：draft 草稿 / on_sale 在售 / off_sale 已下架；导入时忽略（上架请在商品页操作）',
    example: '',
  },
  { key: 'sku_id', label: '规格ID', isRequiredHeader: false, description: '留空 = 新增规格；填写 = 更新该规格（须属于 product_id 的商品）', example: '' },
  {
    key: 'spec',
    label: '规格',
    isRequiredHeader: true,
    description: '“名称:值”，多个用分号分隔，如 容量:330ml;口味:原味；只写一个值时名称为“规格”',
    example: '容量:330ml',
  },
  { key: 'public_price', label: '划线价', isRequiredHeader: true, description: '公开参考价（元），最多两位小数', example: '19.90' },
  { key: 'private_price', label: '私域价', isRequiredHeader: true, description: '私域专享价（元），不得高于划线价', example: '12.90' },
  {
    key: 'cost_price',
    label: '成本价',
    isRequiredHeader: true,
    description: '成本价（元）；在售商品的售价低于成本须店主在商品页确认，导入时会报错',
    example: '6.50',
  },
  {
    key: 'stock',
    label: '库存',
    isRequiredHeader: false,
    description: '新规格的初始库存（整数，留空为 0）；已有规格忽略此列，库存请在库存页调整以留下流水',
    example: '100',
  },
  { key: 'purchase_limit', label: '限购', isRequiredHeader: false, description: '每人限购件数 1–9999；留空 = 不限购', example: '' },
  { key: 'barcode', label: '条码', isRequiredHeader: false, description: '4–32 位字母、数字或 -，全店唯一；留空 = 无', example: '6901234567892' },
  ...TIER_CODES.map(tierColumn),
];

/** Most rows one import may hold (one transaction; keeps a request well under a minute on PGlite). */
export const CATALOG_CSV_MAX_ROWS = 2000;

/** A header cell problem: a required column missing, an unknown or a repeated one. */
export interface CsvHeaderProblem {
  kind: 'missing' | 'unknown' | 'duplicate';
  column: string;
}

const BY_NAME = new Map<string, CatalogCsvColumn>(
  CATALOG_CSV_COLUMNS.flatMap((column) => [
    [column.key, column],
    [column.label, column],
  ]),
);

/**
 * Maps header cells to column keys (English keys or Chinese labels, any case, edge spaces ignored).
 * Returns the key of every position, or the problems that make the header unusable.
 */
export function readCatalogHeader(header: readonly string[]): { keys: string[] } | { problems: CsvHeaderProblem[] } {
  const problems: CsvHeaderProblem[] = [];
  const keys: string[] = [];
  for (const cell of header) {
    const name = cell.trim();
    const column = BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
    if (!column) problems.push({ kind: 'unknown', column: name });
    else if (keys.includes(column.key)) problems.push({ kind: 'duplicate', column: column.key });
    keys.push(column?.key ?? '');
  }
  for (const column of CATALOG_CSV_COLUMNS) {
    if (column.isRequiredHeader && !keys.includes(column.key)) problems.push({ kind: 'missing', column: column.key });
  }
  return problems.length > 0 ? { problems } : { keys };
}

/** Spec values as one cell: {容量:'330ml', 口味:'原味'} → "容量:330ml;口味:原味". */
export function formatSpecs(specs: Readonly<Record<string, string>>): string {
  return Object.entries(specs)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}

/**
 * Reads a spec cell: "名称:值" pairs separated by ";" (full-width "：" and "；" too). A single value
 * without a name is the spec "规格". Returns an error message instead when the cell is malformed.
 */
export function parseSpecs(cell: string): Record<string, string> | { error: string } {
  const parts = cell
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const specs: Record<string, string> = {};
  for (const part of parts) {
    const match = /^([^:：]*)[:：](.*)$/.exec(part);
    if (!match && parts.length > 1) return { error: `“${part}”缺少名称，请写成 名称:值` };
    const [name, value] = match ? [(match[1] ?? '').trim(), (match[2] ?? '').trim()] : ['规格', part];
    if (!name || !value) return { error: `“${part}”的名称和值都不能为空` };
    if (name in specs) return { error: `规格名“${name}”重复` };
    specs[name] = value;
  }
  return specs;
}
