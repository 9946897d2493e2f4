import type { ShopProductDetail } from '@siyu/shared';
import { addGuestLine, guestCartView, type GuestLine } from './guest-cart';

type Sku = ShopProductDetail['skus'][number];
const sku = (id: number, overrides: Partial<Sku> = {}): Sku => ({
  id,
  specs: { 规格: `s${id}` },
  publicPriceFen: 1990,
  priceFen: 990,
  priceSource: 'private',
  savingFen: 1000,
  stock: 100,
  isSoldOut: false,
  purchaseLimit: 2,
  minTier: null,
  ...overrides,
});
const product = (id: number, skus: Sku[]): ShopProductDetail => ({
  id,
  categoryId: 1,
  title: `商品${id}`,
  subtitle: '',
  image: null,
  tags: [],
  priceFen: 990,
  publicPriceFen: 1990,
  savingFen: 1000,
  salesCount: 0,
  isSoldOut: false,
  images: [],
  description: '',
  specOptions: [],
  skus,
});

describe('guest cart', () => {
  it('adds to an existing line and clamps to the purchase limit, saying why', () => {
    const trial = product(1, [sku(10)]);
    const first = addGuestLine([], trial, 10, 1);
    expect(first).toMatchObject({ quantity: 1, reason: null });
    const second = addGuestLine(first.lines, trial, 10, 5);
    expect(second).toMatchObject({ quantity: 2, reason: 'limit' });
    expect(second.lines).toHaveLength(1);
  });

  it('prices the view with the shared cart rules and marks lines whose product is gone', () => {
    const lines: GuestLine[] = [
      { skuId: 10, productId: 1, quantity: 2, isSelected: true, title: '商品1', image: null, specs: { 规格: 's10' } },
      { skuId: 20, productId: 2, quantity: 1, isSelected: true, title: '已下架的商品', image: null, specs: { 规格: 's20' } },
      { skuId: 30, productId: 3, quantity: 4, isSelected: true, title: '商品3', image: null, specs: { 规格: 's30' } },
    ];
    const view = guestCartView(
      lines,
      new Map([
        [1, product(1, [sku(10)])],
        [2, null],
        [3, product(3, [sku(30, { stock: 3, purchaseLimit: null })])],
      ]),
    );
    expect(view.lines.map((line) => [line.skuId, line.availability, line.lineTotalFen])).toEqual([
      [10, 'ok', 1980],
      [20, 'off_sale', 0],
      [30, 'insufficient_stock', 3960],
    ]);
    expect(view.lines[1]?.title).toBe('已下架的商品');
    expect(view.totals).toEqual({ selectedLineCount: 1, selectedQuantity: 2, totalFen: 1980, publicTotalFen: 3980, savingFen: 2000 });
  });
});
