import { render, screen } from '@testing-library/react';
import { PRODUCT_ROLE_NAMES, type ShopProductSummary } from '@siyu/shared';
import { PriceNoteLink } from '../PriceNoteLink';
import { ProductCard } from '../ProductCard';
import { ProductTags } from './index';

function summary(overrides: Partial<ShopProductSummary> = {}): ShopProductSummary {
  return {
    id: 7,
    categoryId: 1,
    title: '低脂高钙纯牛奶',
    subtitle: '',
    image: null,
    tags: ['新人价', '热卖'],
    priceFen: 5500,
    publicPriceFen: 6700,
    savingFen: 1200,
    salesCount: 12840,
    isSoldOut: false,
    ...overrides,
  };
}

describe('ProductTags', () => {
  it('shows the merchant tags, the first one filled', () => {
    render(<ProductTags tags={['新人价', '热卖']} />);
    expect(screen.getByText('新人价').className).toContain('product-tag--lead');
    expect(screen.getByText('热卖').className).not.toContain('product-tag--lead');
  });

  it('renders nothing without tags', () => {
    const { container } = render(<ProductTags tags={[]} />);
    expect(container.textContent).toBe('');
  });
});

describe('ProductCard', () => {
  it('shows the tags before the title and no internal role word', () => {
    const { container } = render(<ProductCard product={summary()} onOpen={() => undefined} />);
    expect(container.textContent).toContain('新人价热卖低脂高钙纯牛奶');
    for (const word of Object.values(PRODUCT_ROLE_NAMES)) expect(container.textContent).not.toContain(word);
  });
});

describe('PriceNoteLink', () => {
  it('explains the struck-through price when one is shown', () => {
    render(<PriceNoteLink hasStruckPrice />);
    expect(screen.getByText('划线价说明 ›')).toBeTruthy();
    expect(screen.getByText('划线价为参考价，并非原价')).toBeTruthy();
  });

  it('is absent when no price is struck through', () => {
    const { container } = render(<PriceNoteLink hasStruckPrice={false} />);
    expect(container.textContent).toBe('');
  });
});
