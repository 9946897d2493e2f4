import { fireEvent, render, screen } from '@testing-library/react';
import { formatFen, quote, type Fen, type Quote, type QuoteInput } from '@siyu/shared';
import { PriceSummary, shippingHint } from './index';

/** A real quote from the shared engine: lines of `[privateFen, quantity]`, ¥8.00 shipping, free from ¥99. */
function quoteOf(lines: [number, number][], adjustments: QuoteInput['adjustments'] = []): Quote {
  return quote({
    lines: lines.map(([privateFen, quantity], index) => ({
      lineId: String(index + 1),
      skuId: 100 + index,
      productId: 10 + index,
      categoryId: 1,
      quantity,
      sku: { publicPriceFen: (privateFen + 1000) as Fen, privatePriceFen: privateFen as Fen },
    })),
    member: null,
    shipping: { baseFeeFen: 800 as Fen, freeThresholdFen: 9900 as Fen },
    adjustments,
  });
}

function renderQuote(data: Quote, onAddMore?: () => void) {
  return render(
    <PriceSummary
      goodsSubtotalFen={data.goodsSubtotalFen}
      discountFen={data.discountTotalFen}
      shippingFeeFen={data.shippingFeeFen}
      payableFen={data.payableTotalFen}
      shipping={data.shipping}
      explanation={data.explanation}
      itemCount={data.lines.reduce((total, line) => total + line.quantity, 0)}
      onAddMore={onAddMore}
    />,
  );
}

describe('PriceSummary', () => {
  it("shows the quote's own numbers, formatted with formatFen: goods, shipping and the payable total", () => {
    const data = quoteOf([[2990, 2]]);
    const { container } = renderQuote(data);
    expect(data.goodsSubtotalFen).toBe(5980);
    expect(screen.getByText(formatFen(data.goodsSubtotalFen))).toBeTruthy();
    expect(screen.getByText(formatFen(data.shippingFeeFen))).toBeTruthy();
    expect(container.querySelector('.price-summary__payable')?.textContent).toBe(formatFen(data.payableTotalFen));
    expect(container.querySelector('.price-summary__payable')?.textContent).toBe('¥67.80');
    expect(screen.getByText('共 2 件')).toBeTruthy();
    // No discount in this quote: no discount row.
    expect(screen.queryByText('优惠')).toBeNull();
  });

  it('tells how much more makes shipping free, with a way to add more', () => {
    const onAddMore = jest.fn();
    const data = quoteOf([[2990, 2]]);
    expect(data.shipping.shortOfFreeFen).toBe(3920);
    renderQuote(data, onAddMore);
    expect(screen.getByText('再买¥39.20 包邮')).toBeTruthy();
    fireEvent.click(screen.getByText('去凑单 ›'));
    expect(onAddMore).toHaveBeenCalled();
  });

  it('says shipping is free once the threshold is reached, the usual fee struck through', () => {
    const data = quoteOf([[5000, 2]]);
    const { container } = renderQuote(data);
    expect(screen.getByText('免运费')).toBeTruthy();
    expect(screen.getByText('已满¥99包邮')).toBeTruthy();
    expect(container.querySelector('.price-summary__struck')?.textContent).toBe('¥8.00');
    expect(screen.queryByText('去凑单 ›')).toBeNull();
    expect(container.querySelector('.price-summary__payable')?.textContent).toBe('¥100.00');
  });

  it('shows a discount and every line of the explanation, in order', () => {
    const data = quoteOf(
      [
        [4000, 1],
        [3000, 1],
      ],
      [{ id: 'c1', kind: 'coupon', label: '满60减10', amountFen: 1000 as Fen }],
    );
    const { container } = renderQuote(data);
    expect(screen.getByText(`-${formatFen(data.discountTotalFen)}`)).toBeTruthy();
    const lines = Array.from(container.querySelectorAll('.price-summary__explain-line')).map((node) => node.textContent);
    expect(lines).toEqual(data.explanation);
    expect(lines).toContain('满60减10：第1–2行 -¥10.00');
    expect(container.querySelector('.price-summary__payable')?.textContent).toBe(formatFen(data.payableTotalFen));
  });

  it('has no hint without a free-shipping rule or with nothing short', () => {
    expect(shippingHint(undefined)).toBeNull();
    expect(shippingHint({ basis: 'base_fee', shortOfFreeFen: 0 as Fen, freeThresholdFen: null, baseFeeFen: 800 as Fen })).toBeNull();
    expect(shippingHint({ basis: 'no_fee', shortOfFreeFen: 0 as Fen, freeThresholdFen: 9900 as Fen, baseFeeFen: 0 as Fen })).toBeNull();
    expect(shippingHint({ basis: 'base_fee', shortOfFreeFen: 1 as Fen, freeThresholdFen: 9950 as Fen, baseFeeFen: 800 as Fen })).toBe('再买¥0.01 包邮');
  });
});
