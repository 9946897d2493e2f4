import type { Fen } from '../money';
import { cartTotals, clampQuantity, lineAvailability, maxLineQuantity, type CartTotalsLine } from './rules';

const sku = (publicPriceFen: number, privatePriceFen: number, gold?: number) => ({
  publicPriceFen: publicPriceFen as Fen,
  privatePriceFen: privatePriceFen as Fen,
  ...(gold === undefined ? {} : { tierPrices: { gold: gold as Fen } }),
});
const line = (overrides: Partial<CartTotalsLine> = {}): CartTotalsLine => ({
  sku: sku(2000, 1500),
  quantity: 1,
  isSelected: true,
  availability: 'ok',
  ...overrides,
});

describe('cartTotals', () => {
  it.each([
    { name: 'empty cart', lines: [], member: null, total: 0, publicTotal: 0, saving: 0, count: 0, qty: 0 },
    { name: 'one guest line ×3', lines: [line({ quantity: 3 })], member: null, total: 4500, publicTotal: 6000, saving: 1500, count: 1, qty: 3 },
    {
      name: 'gold member pays the tier price',
      lines: [line({ sku: sku(2000, 1500, 1290), quantity: 2 })],
      member: { tierCode: 'gold' as const },
      total: 2580,
      publicTotal: 4000,
      saving: 1420,
      count: 1,
      qty: 2,
    },
    {
      name: 'unselected and unavailable lines do not count',
      lines: [line({ quantity: 2 }), line({ isSelected: false }), line({ availability: 'sold_out' }), line({ availability: 'insufficient_stock' })],
      member: null,
      total: 3000,
      publicTotal: 4000,
      saving: 1000,
      count: 1,
      qty: 2,
    },
    {
      name: 'no saving when private equals public',
      lines: [line({ sku: sku(999, 999), quantity: 7 })],
      member: null,
      total: 6993,
      publicTotal: 6993,
      saving: 0,
      count: 1,
      qty: 7,
    },
  ])('$name', ({ lines, member, total, publicTotal, saving, count, qty }) => {
    const totals = cartTotals(lines, member);
    expect(totals).toMatchObject({ totalFen: total, publicTotalFen: publicTotal, savingFen: saving, selectedLineCount: count, selectedQuantity: qty });
    expect(totals.lines).toHaveLength(lines.length);
  });

  it('prices every line, selected or not, and the parts add up to the total', () => {
    const lines = [line({ sku: sku(1990, 990), quantity: 3 }), line({ sku: sku(32900, 25900), quantity: 1 }), line({ isSelected: false })];
    const totals = cartTotals(lines, null);
    expect(totals.lines.map((l) => l.lineTotalFen)).toEqual([2970, 25900, 1500]);
    expect(totals.totalFen).toBe(2970 + 25900);
    expect(Number.isInteger(totals.totalFen)).toBe(true);
  });
});

describe('lineAvailability', () => {
  it.each([
    [{ isOnSale: false, stock: 5, purchaseLimit: null }, 1, 'off_sale'],
    [{ isOnSale: true, stock: 0, purchaseLimit: null }, 1, 'sold_out'],
    [{ isOnSale: true, stock: 2, purchaseLimit: null }, 3, 'insufficient_stock'],
    [{ isOnSale: true, stock: 2, purchaseLimit: null }, 2, 'ok'],
  ] as const)('%o × %i → %s', (state, quantity, expected) => {
    expect(lineAvailability(state, quantity)).toBe(expected);
  });

  it.each([
    ['a guest, exclusive to gold', { isOnSale: true, stock: 5, purchaseLimit: null, minTier: 'gold' }, null, 'tier_required'],
    ['bronze, exclusive to gold', { isOnSale: true, stock: 5, purchaseLimit: null, minTier: 'gold' }, { tierCode: 'bronze' }, 'tier_required'],
    ['gold, exclusive to gold', { isOnSale: true, stock: 5, purchaseLimit: null, minTier: 'gold' }, { tierCode: 'gold' }, 'ok'],
    ['diamond, exclusive to gold', { isOnSale: true, stock: 5, purchaseLimit: null, minTier: 'gold' }, { tierCode: 'diamond' }, 'ok'],
    ['bronze, off sale beats the tier', { isOnSale: false, stock: 5, purchaseLimit: null, minTier: 'gold' }, { tierCode: 'bronze' }, 'off_sale'],
    ['bronze, the tier beats sold out', { isOnSale: true, stock: 0, purchaseLimit: null, minTier: 'gold' }, { tierCode: 'bronze' }, 'tier_required'],
    ['a guest, open to every tier', { isOnSale: true, stock: 5, purchaseLimit: null, minTier: null }, null, 'ok'],
  ] as const)('%s → %s', (_name, state, member, expected) => {
    expect(lineAvailability(state, 1, member)).toBe(expected);
  });
});

describe('clampQuantity', () => {
  it.each([
    [5, { stock: 10, purchaseLimit: null }, 5, null],
    [12, { stock: 10, purchaseLimit: null }, 10, 'stock'],
    [3, { stock: 10, purchaseLimit: 2 }, 2, 'limit'],
    [3, { stock: 1, purchaseLimit: 2 }, 1, 'stock'],
    [0, { stock: 10, purchaseLimit: null }, 1, 'min'],
    [5000, { stock: 100_000, purchaseLimit: null }, 999, 'limit'],
  ] as const)('%i within %o → %i (%s)', (wanted, state, quantity, reason) => {
    expect(clampQuantity(wanted, state)).toEqual({ quantity, reason });
  });

  it('caps a line at stock, limit and 999', () => {
    expect(maxLineQuantity({ stock: 0, purchaseLimit: 2 })).toBe(0);
    expect(maxLineQuantity({ stock: 5000, purchaseLimit: null })).toBe(999);
  });
});
