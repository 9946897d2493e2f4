import type { AdminProduct } from '../catalog/schemas';
import { catalogCsv } from './catalog-export';
import { parseCatalogCsv } from './catalog-rows';
import { parseCsv, UTF8_BOM } from './rfc4180';

function product(overrides: Partial<AdminProduct> = {}): AdminProduct {
  return {
    id: 7,
    categoryId: 3,
    title: '冷压椰子水',
    subtitle: '',
    images: [],
    description: '',
    role: 'hero',
    tags: [],
    status: 'on_sale',
    sortOrder: 0,
    salesCount: 0,
    priceFromFen: 1290,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    skus: [
      {
        id: 11,
        productId: 7,
        specs: { 容量: '330ml' },
        publicPriceFen: 1990,
        privatePriceFen: 1290,
        costPriceFen: 650,
        tierPrices: { gold: 1190 },
        stock: 40,
        purchaseLimit: 2,
        barcode: '6901234567892',
        minTier: null,
      },
      {
        id: 12,
        productId: 7,
        specs: { 容量: '1L' },
        publicPriceFen: 4500,
        privatePriceFen: 3990,
        costPriceFen: 1001,
        tierPrices: {},
        stock: 0,
        purchaseLimit: null,
        barcode: null,
        minTier: null,
      },
    ],
    ...overrides,
  };
}

describe('catalogCsv', () => {
  it('writes one row per SKU with prices in yuan from integer fen, behind a BOM', () => {
    const text = catalogCsv([product()], () => '饮品/果蔬汁');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const [header, first, second] = parseCsv(text);
    const cell = (row: string[] | undefined, key: string) => row?.[header?.indexOf(key) ?? -1];
    expect(cell(first, 'spec')).toBe('容量:330ml');
    expect(['public_price', 'private_price', 'cost_price', 'tier_gold', 'tier_silver'].map((key) => cell(first, key))).toEqual([
      '19.90',
      '12.90',
      '6.50',
      '11.90',
      '',
    ]);
    expect(cell(second, 'cost_price')).toBe('10.01');
    expect(cell(first, 'category')).toBe('饮品/果蔬汁');
  });

  it('reads back exactly what it wrote', () => {
    const source = product({ title: '=HYPERLINK("x")' });
    const rows = parseCatalogCsv(catalogCsv([source], () => '饮品/果蔬汁'));
    expect(rows.map((row) => row.errors)).toEqual([[], []]);
    expect(rows[0]).toMatchObject({ productId: 7, skuId: 11, productTitle: source.title, categoryPath: '饮品/果蔬汁', role: 'hero' });
    expect(rows.map((row) => row.sku)).toEqual(
      source.skus.map(({ specs, publicPriceFen, privatePriceFen, costPriceFen, tierPrices, stock, purchaseLimit, barcode, minTier }) => ({
        specs,
        publicPriceFen,
        privatePriceFen,
        costPriceFen,
        tierPrices,
        stock,
        purchaseLimit,
        barcode,
        minTier,
      })),
    );
  });

  it('writes a product without SKUs as one product-only row', () => {
    const rows = parseCatalogCsv(catalogCsv([product({ skus: [] })], () => '饮品'));
    expect(rows).toEqual([expect.objectContaining({ productId: 7, skuId: null, sku: null, errors: [] })]);
  });
});
