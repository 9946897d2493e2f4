import { CATALOG_CSV_COLUMNS, CATALOG_CSV_MAX_ROWS, formatSpecs, parseSpecs, readCatalogHeader } from './catalog-columns';
import { CatalogCsvError, parseCatalogCsv, type CatalogCsvRow } from './catalog-rows';
import { serializeCsv } from './rfc4180';

const HEADER = [
  'product_id',
  'product_title',
  'category',
  'role',
  'sku_id',
  'spec',
  'public_price',
  'private_price',
  'cost_price',
  'stock',
  'barcode',
  'tier_gold',
];

/** A file with the header above and rows given as column → cell. */
function csvOf(...rows: Record<string, string>[]): string {
  return serializeCsv([HEADER, ...rows.map((row) => HEADER.map((key) => row[key] ?? ''))], { bom: true });
}

const NEW_ROW = {
  product_title: '冷压椰子水',
  category: '饮品/果蔬汁',
  role: 'hero',
  spec: '容量:330ml',
  public_price: '19.90',
  private_price: '12.90',
  cost_price: '6.50',
  stock: '100',
};

function onlyRow(text: string): CatalogCsvRow {
  const [row, ...rest] = parseCatalogCsv(text);
  if (!row || rest.length > 0) throw new Error('expected one row');
  return row;
}

describe('parseCatalogCsv', () => {
  it('reads a new-product row into a SKU body in fen', () => {
    const row = onlyRow(csvOf({ ...NEW_ROW, tier_gold: '11.9', barcode: '6901234567892' }));
    expect(row).toEqual({
      row: 2,
      productId: null,
      productTitle: '冷压椰子水',
      categoryPath: '饮品/果蔬汁',
      role: 'hero',
      skuId: null,
      sku: {
        specs: { 容量: '330ml' },
        publicPriceFen: 1990,
        privatePriceFen: 1290,
        costPriceFen: 650,
        tierPrices: { gold: 1190 },
        stock: 100,
        purchaseLimit: null,
        barcode: '6901234567892',
        minTier: null,
      },
      errors: [],
    });
  });

  it('reads ¥0.1 and ¥0.2 as exactly 10 and 20 fen', () => {
    const row = onlyRow(csvOf({ ...NEW_ROW, public_price: '0.3', private_price: '0.2', cost_price: '0.1' }));
    expect(row.sku).toMatchObject({ publicPriceFen: 30, privatePriceFen: 20, costPriceFen: 10 });
  });

  it.each([
    [{ private_price: '12.999' }, 'private_price', '金额格式错误'],
    [{ public_price: '' }, 'public_price', '必填'],
    [{ private_price: '29.90' }, 'private_price', '私域价不能高于划线价'],
    [{ spec: '' }, 'spec', '必填'],
    [{ spec: '330ml;500ml' }, 'spec', '缺少名称'],
    [{ role: 'star' }, 'role', 'traffic'],
    [{ stock: '-1' }, 'stock', '整数'],
    [{ barcode: 'ab' }, 'barcode', '条码'],
    [{ tier_gold: 'abc' }, 'tier_gold', '金额格式错误'],
    [{ category: '' }, 'category', '新商品必填'],
    [{ product_title: '' }, 'product_title', '新商品必填'],
    [{ sku_id: '7' }, 'product_id', '须填写商品ID'],
  ])('reports %j on its column', (change, column, message) => {
    const row = onlyRow(csvOf({ ...NEW_ROW, ...change }));
    expect(row.sku).toBeNull();
    expect(row.errors).toEqual(expect.arrayContaining([{ column, message: expect.stringContaining(message) }]));
  });

  it('accepts Chinese role names and headers, and restores formula-protected text', () => {
    const text = serializeCsv([
      ['商品名称', '分类', '商品定位', '规格', '划线价', '私域价', '成本价'],
      ["'=椰子水", ' 饮品 / 果蔬汁 ', '引流品', '500g', '9.90', '9.90', '5'],
    ]);
    expect(onlyRow(text)).toMatchObject({
      productTitle: '=椰子水',
      categoryPath: '饮品/果蔬汁',
      role: 'traffic',
      sku: { specs: { 规格: '500g' }, costPriceFen: 500 },
    });
  });

  it('numbers rows as a spreadsheet does and skips blank lines', () => {
    const rows = parseCatalogCsv(`${csvOf(NEW_ROW)},,,\r\n${serializeCsv([HEADER.map((key) => (NEW_ROW as Record<string, string>)[key] ?? '')])}`);
    expect(rows.map((row) => row.row)).toEqual([2, 4]);
  });

  it('treats a row of an existing product without SKU cells as product-only', () => {
    expect(onlyRow(csvOf({ product_id: '12', product_title: '冷压椰子水' }))).toMatchObject({ productId: 12, sku: null, errors: [] });
  });

  it.each([
    ['no data rows', serializeCsv([HEADER]), 'CSV_EMPTY'],
    ['an empty file', '', 'CSV_EMPTY'],
    ['a broken quote', `${serializeCsv([HEADER])}"oops`, 'CSV_MALFORMED'],
    [
      'a missing price column',
      serializeCsv([
        ['product_title', 'category', 'role', 'spec'],
        ['a', 'b', 'hero', 'x'],
      ]),
      'CSV_COLUMNS_INVALID',
    ],
  ])('refuses %s as a whole', (_name, text, code) => {
    expect(() => parseCatalogCsv(text)).toThrow(expect.objectContaining({ code }) as unknown as Error);
  });

  it(`refuses more than ${CATALOG_CSV_MAX_ROWS} rows`, () => {
    const rows = Array.from({ length: CATALOG_CSV_MAX_ROWS + 1 }, () => NEW_ROW);
    expect(() => parseCatalogCsv(csvOf(...rows))).toThrow(CatalogCsvError);
  });
});

describe('readCatalogHeader', () => {
  it('names unknown, repeated and missing columns', () => {
    const result = readCatalogHeader(['product_title', 'product_title', 'barcod']);
    expect('problems' in result && result.problems).toEqual(
      expect.arrayContaining([
        { kind: 'duplicate', column: 'product_title' },
        { kind: 'unknown', column: 'barcod' },
        { kind: 'missing', column: 'public_price' },
      ]),
    );
  });

  it('accepts every column key and label', () => {
    expect(readCatalogHeader(CATALOG_CSV_COLUMNS.map((c) => c.key))).toHaveProperty('keys');
    expect(readCatalogHeader(CATALOG_CSV_COLUMNS.map((c) => c.label))).toHaveProperty('keys');
  });
});

describe('formatSpecs / parseSpecs', () => {
  it('round-trips several spec values', () => {
    const specs = { 容量: '330ml', 口味: '原味' };
    expect(formatSpecs(specs)).toBe('容量:330ml;口味:原味');
    expect(parseSpecs(formatSpecs(specs))).toEqual(specs);
  });

  it('accepts full-width separators and refuses a repeated name', () => {
    expect(parseSpecs('颜色：红；尺码：L')).toEqual({ 颜色: '红', 尺码: 'L' });
    expect(parseSpecs('颜色:红;颜色:蓝')).toEqual({ error: expect.stringContaining('重复') });
  });
});
