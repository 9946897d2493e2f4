import { render, screen } from '@testing-library/react';
import { PriceBlock } from './index';

describe('PriceBlock', () => {
  it('shows the member price, the public price struck through and the private-domain saving', () => {
    const { container } = render(<PriceBlock priceFen={5500} publicPriceFen={6700} savingFen={1200} label='专享价' />);
    expect(container.textContent).toContain('¥55.00');
    expect(screen.getByText('¥67.00').className).toContain('price-block__public');
    expect(screen.getByText('私域专享')).toBeTruthy();
    expect(screen.getByText('省¥12.00')).toBeTruthy();
  });

  it('names a winning tier price and marks a lowest-of-several price with 起', () => {
    const { container } = render(<PriceBlock priceFen={4990} publicPriceFen={7900} savingFen={2910} label='黄金会员价' isFrom />);
    expect(screen.getByText('黄金会员价')).toBeTruthy();
    expect(screen.getByText('起')).toBeTruthy();
    expect(container.textContent).toContain('49.90');
  });

  it('hides the struck price and the saving when there is nothing to save', () => {
    const { container } = render(<PriceBlock priceFen={990} publicPriceFen={990} savingFen={0} />);
    expect(container.textContent).toContain('¥9.90');
    expect(container.textContent).not.toContain('私域专享');
    expect(container.querySelector('.price-block__public')).toBeNull();
  });

  it('formats large amounts with integer arithmetic and grouping', () => {
    const { container } = render(<PriceBlock priceFen={123456789} publicPriceFen={123456799} savingFen={10} />);
    expect(container.textContent).toContain('1,234,567.89');
    expect(container.textContent).toContain('省¥0.10');
  });
});

describe('PriceBlock for members', () => {
  it('names the tier price ("钻石价") in gold and badges an exclusive SKU', () => {
    render(<PriceBlock priceFen={4590} publicPriceFen={6700} savingFen={2110} label='钻石价' isTierPrice exclusiveBadge='钻石专享' />);
    expect(screen.getByText('钻石价').className).toContain('price-block__label--tier');
    expect(screen.getByText('钻石专享').className).toContain('price-block__exclusive');
  });

  it('shows no badge for an ordinary SKU', () => {
    const { container } = render(<PriceBlock priceFen={5500} publicPriceFen={6700} savingFen={1200} />);
    expect(container.querySelector('.price-block__exclusive')).toBeNull();
    expect(container.querySelector('.price-block__label--tier')).toBeNull();
  });
});
