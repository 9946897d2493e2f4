import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { ShopProductDetail } from '@siyu/shared';
import { SkuPicker } from './index';
import { exclusiveTierOfValue, initialSelection, type SpecSelection } from './sku-selection';

type Sku = ShopProductDetail['skus'][number];
const sku = (id: number, specs: Record<string, string>, overrides: Partial<Sku> = {}): Sku => ({
  id,
  specs,
  publicPriceFen: 8900,
  priceFen: 5990,
  priceSource: 'private',
  savingFen: 2900,
  stock: 20,
  isSoldOut: false,
  purchaseLimit: null,
  minTier: null,
  ...overrides,
});

function product(skus: Sku[]): ShopProductDetail {
  const names = [...new Set(skus.flatMap((s) => Object.keys(s.specs)))];
  return {
    id: 7,
    categoryId: 1,
    title: '低糖蛋白棒 6支装',
    subtitle: '',
    image: null,
    tags: [],
    priceFen: 5990,
    publicPriceFen: 8900,
    savingFen: 2900,
    salesCount: 100,
    isSoldOut: false,
    images: [],
    description: '',
    specOptions: names.map((name) => ({ name, values: [...new Set(skus.map((s) => s.specs[name] ?? ''))] })),
    skus,
  };
}

function Harness({
  detail,
  onQuantity,
  tierPriceLabel = null,
}: {
  detail: ShopProductDetail;
  onQuantity?: (q: number) => void;
  tierPriceLabel?: string | null;
}) {
  const [selection, setSelection] = useState<SpecSelection>(initialSelection(detail.skus));
  const [quantity, setQuantity] = useState(1);
  return (
    <SkuPicker
      product={detail}
      selection={selection}
      quantity={quantity}
      tierPriceLabel={tierPriceLabel}
      onSelectionChange={setSelection}
      onQuantityChange={(q) => {
        setQuantity(q);
        onQuantity?.(q);
      }}
    />
  );
}

const chip = (text: string) => {
  const node = screen.getByText(text).closest('.sku-chip');
  if (!node) throw new Error(`no chip ${text}`);
  return node;
};
const plus = () => screen.getByLabelText('增加');

describe('SkuPicker', () => {
  const flavours = product([
    sku(1, { 口味: '花生巧克力' }, { stock: 380 }),
    sku(2, { 口味: '海盐焦糖' }, { stock: 0, isSoldOut: true }),
    sku(3, { 口味: '椰香' }, { stock: 3, priceFen: 5490 }),
  ]);

  it('lists the spec values, starts on a SKU in stock and shows its stock', () => {
    render(<Harness detail={flavours} />);
    expect(chip('花生巧克力').className).toContain('sku-chip--chosen');
    expect(screen.getByText('库存 380 件')).toBeTruthy();
    expect(screen.getByText('已选：花生巧克力')).toBeTruthy();
  });

  it('greys out a sold-out value and does not let it be picked', () => {
    render(<Harness detail={flavours} />);
    expect(chip('海盐焦糖').className).toContain('sku-chip--off');
    expect(screen.getByText('售罄')).toBeTruthy();
    fireEvent.click(chip('海盐焦糖'));
    expect(chip('海盐焦糖').className).not.toContain('sku-chip--chosen');
    expect(chip('花生巧克力').className).toContain('sku-chip--chosen');
  });

  it('switches SKU with its price and low-stock state, and clamps the quantity to the stock with a message', () => {
    const seen: number[] = [];
    render(<Harness detail={flavours} onQuantity={(q) => seen.push(q)} />);
    fireEvent.click(chip('椰香'));
    expect(screen.getByText('¥54.90')).toBeTruthy();
    expect(screen.getByText('仅剩 3 件')).toBeTruthy();
    for (let i = 0; i < 4; i += 1) fireEvent.click(plus());
    expect(seen).toEqual([2, 3]);
    expect(screen.getByText('库存仅剩 3 件')).toBeTruthy();
  });

  it('shows the purchase limit and stops at it', () => {
    const trial = product([sku(9, { 规格: '250ml×3盒' }, { stock: 2000, purchaseLimit: 2, priceFen: 990 })]);
    const seen: number[] = [];
    render(<Harness detail={trial} onQuantity={(q) => seen.push(q)} />);
    expect(screen.getByText('每人限购 2 件')).toBeTruthy();
    fireEvent.click(plus());
    fireEvent.click(plus());
    expect(seen).toEqual([2]);
    expect(screen.getAllByText('每人限购 2 件').length).toBeGreaterThanOrEqual(2);
  });

  it('resolves SKUs over two spec dimensions and moves to a combination in stock', () => {
    const twoSpecs = product([
      sku(1, { 颜色: '白', 尺码: 'M' }),
      sku(2, { 颜色: '白', 尺码: 'L' }, { stock: 0, isSoldOut: true }),
      sku(3, { 颜色: '黑', 尺码: 'L' }, { priceFen: 6590 }),
    ]);
    render(<Harness detail={twoSpecs} />);
    expect(screen.getByText('已选：白 / M')).toBeTruthy();
    // 黑 + M has no SKU: tapping 黑 lands on 黑 / L, the combination in stock.
    fireEvent.click(chip('黑'));
    expect(screen.getByText('已选：黑 / L')).toBeTruthy();
    expect(screen.getByText('¥65.90')).toBeTruthy();
    // Tapping a chosen value clears it and the picker asks for it.
    fireEvent.click(chip('L'));
    expect(screen.getByText('请选择 尺码')).toBeTruthy();
  });
});

describe('SkuPicker for members', () => {
  const sizes = product([
    sku(1, { 规格: '6支装' }, { priceSource: 'tier', priceFen: 5490 }),
    sku(2, { 规格: '12支装' }, { minTier: 'diamond', priceSource: 'tier', priceFen: 9990 }),
    sku(3, { 规格: '24支装' }, { minTier: 'platinum' }),
  ]);

  it('tags values only exclusive SKUs offer with their tier', () => {
    expect(exclusiveTierOfValue(sizes.skus, '规格', '6支装')).toBeNull();
    expect(exclusiveTierOfValue(sizes.skus, '规格', '12支装')).toBe('diamond');
    render(<Harness detail={sizes} tierPriceLabel='钻石价' />);
    expect(chip('12支装').textContent).toContain('钻石专享');
    expect(chip('24支装').textContent).toContain('铂金专享');
    expect(chip('6支装').textContent).not.toContain('专享');
  });

  it('names the tier price of the chosen SKU and badges an exclusive one', () => {
    const { container } = render(<Harness detail={sizes} tierPriceLabel='钻石价' />);
    expect(container.querySelector('.sku-picker__tier-price')?.textContent).toBe('钻石价');
    expect(container.querySelector('.sku-picker__exclusive')).toBeNull();
    fireEvent.click(chip('12支装'));
    expect(container.querySelector('.sku-picker__exclusive')?.textContent).toBe('钻石专享');
    expect(screen.getByText('¥99.90')).toBeTruthy();
    // A SKU at the ordinary private price carries no tier label.
    fireEvent.click(chip('24支装'));
    expect(container.querySelector('.sku-picker__tier-price')).toBeNull();
  });
});
