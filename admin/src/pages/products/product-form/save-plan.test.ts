import type { AdminProduct, AdminSku, ProductCreateBody } from '@siyu/shared';
import { planSave } from './save-plan';

const sku = (id: number, overrides: Partial<AdminSku> = {}): AdminSku => ({
  id,
  productId: 1,
  specs: { 颜色: '红', 尺码: 'L' },
  publicPriceFen: 2000,
  privatePriceFen: 1500,
  costPriceFen: 800,
  tierPrices: { gold: 1200, silver: 1400 },
  stock: 7,
  purchaseLimit: null,
  minTier: null,
  barcode: null,
  ...overrides,
});

const before: AdminProduct = {
  id: 1,
  categoryId: 3,
  title: '帆布包',
  subtitle: '',
  images: ['/a.png'],
  description: '',
  role: 'hero',
  tags: ['热卖'],
  status: 'on_sale',
  sortOrder: 0,
  salesCount: 0,
  priceFromFen: 1500,
  skus: [sku(11), sku(12, { specs: { 颜色: '蓝', 尺码: 'L' } })],
  createdAt: '',
  updatedAt: '',
};

/** The form body for `before` unchanged, SKUs in row order; key order differs from the stored jsonb on purpose. */
function bodyOf(product: AdminProduct): ProductCreateBody {
  const { categoryId, title, subtitle, images, description, role, tags, sortOrder } = product;
  return {
    categoryId,
    title,
    subtitle,
    images,
    description,
    role,
    tags,
    sortOrder,
    skus: product.skus.map(({ specs, publicPriceFen, privatePriceFen, costPriceFen, tierPrices, stock, purchaseLimit, barcode }) => ({
      specs: Object.fromEntries(Object.entries(specs).reverse()),
      publicPriceFen,
      privatePriceFen,
      costPriceFen,
      tierPrices: Object.fromEntries(Object.entries(tierPrices).reverse()),
      stock,
      purchaseLimit,
      barcode,
    })) as ProductCreateBody['skus'],
  };
}

const label = (s: AdminSku) => Object.values(s.specs).join('/');

describe('planSave', () => {
  it('plans nothing when only key order differs', () => {
    expect(planSave(before, bodyOf(before), [11, 12], label)).toEqual([]);
  });

  it('sends only what changed, adds new rows, deletes removed SKUs last, and never sends stock', () => {
    const body = bodyOf(before);
    body.title = '新帆布包';
    const [first] = body.skus;
    if (!first) throw new Error('no sku');
    first.privatePriceFen = 1450 as typeof first.privatePriceFen;
    first.stock = 99;
    body.skus = [first, { ...first, specs: { 颜色: '绿', 尺码: 'M' } }];
    expect(planSave(before, body, [11, undefined], label)).toEqual([
      { kind: 'update_product', changes: { title: '新帆布包' } },
      { kind: 'update_sku', skuId: 11, row: 0, changes: { privatePriceFen: 1450 } },
      { kind: 'add_sku', row: 1, body: expect.objectContaining({ specs: { 颜色: '绿', 尺码: 'M' } }) },
      { kind: 'delete_sku', skuId: 12, label: '蓝/L' },
    ]);
  });

  it('replaces all tier prices when one is removed', () => {
    const body = bodyOf(before);
    const [first] = body.skus;
    if (!first) throw new Error('no sku');
    first.tierPrices = { gold: first.tierPrices.gold as NonNullable<typeof first.tierPrices.gold> };
    expect(planSave(before, body, [11, 12], label)).toEqual([{ kind: 'update_sku', skuId: 11, row: 0, changes: { tierPrices: { gold: 1200 } } }]);
  });

  it('sends a changed 专享等级 (minTier) and clearing it back to everyone', () => {
    const body = bodyOf(before);
    const [first, second] = body.skus;
    if (!first || !second) throw new Error('no sku');
    first.minTier = 'gold';
    expect(planSave(before, body, [11, 12], label)).toEqual([{ kind: 'update_sku', skuId: 11, row: 0, changes: { minTier: 'gold' } }]);
    const exclusive: AdminProduct = { ...before, skus: [sku(11, { minTier: 'diamond' }), sku(12, { specs: { 颜色: '蓝', 尺码: 'L' } })] };
    second.minTier = null;
    first.minTier = null;
    expect(planSave(exclusive, body, [11, 12], label)).toEqual([{ kind: 'update_sku', skuId: 11, row: 0, changes: { minTier: null } }]);
  });
});
