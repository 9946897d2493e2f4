import type { Quote } from '@siyu/shared';
import { ApiError, networkError } from '../api/errors';
import { classifyCheckoutError } from './checkout-errors';

const apiError = (code: string, status: number, details: unknown = null) => new ApiError(code, status, details, `message of ${code}`);

describe('classifyCheckoutError', () => {
  it('hands back the new quote of PRICE_CHANGED', () => {
    const quote = { payableTotalFen: 6880, lines: [] } as unknown as Quote;
    expect(classifyCheckoutError(apiError('PRICE_CHANGED', 409, { expectedPayableFen: 6780, quote }))).toEqual({ kind: 'price_changed', quote });
  });

  it('names each offending line with what is wrong', () => {
    const stock = classifyCheckoutError(
      apiError('ORDER_STOCK_INSUFFICIENT', 409, {
        lines: [
          { skuId: 3, requested: 5, available: 2 },
          { skuId: 4, requested: 1, available: 0 },
        ],
      }),
    );
    expect(stock).toMatchObject({ kind: 'lines', title: 'message of ORDER_STOCK_INSUFFICIENT' });
    expect(stock.kind === 'lines' && [...stock.problems]).toEqual([
      [3, '库存不足，仅剩 2 件'],
      [4, '已售罄'],
    ]);
    const limit = classifyCheckoutError(apiError('ORDER_LIMIT_EXCEEDED', 409, { lines: [{ skuId: 9, limit: 2 }] }));
    expect(limit.kind === 'lines' && limit.problems.get(9)).toBe('每人限购 2 件（含已购）');
    const gone = classifyCheckoutError(
      apiError('ORDER_LINES_UNAVAILABLE', 409, {
        lines: [
          { skuId: 5, reason: 'off_sale' },
          { skuId: 6, reason: 'not_found' },
        ],
      }),
    );
    expect(gone.kind === 'lines' && [...gone.problems.values()]).toEqual(['商品已下架', '商品已失效']);
  });

  it('asks for another address when the chosen one is gone', () => {
    expect(classifyCheckoutError(apiError('ADDRESS_NOT_FOUND', 404))).toEqual({ kind: 'address' });
  });

  it('treats no answer and server failures as retryable (the same key makes the retry safe)', () => {
    expect(classifyCheckoutError(networkError())).toMatchObject({ kind: 'retry' });
    expect(classifyCheckoutError(apiError('INTERNAL', 500))).toMatchObject({ kind: 'retry' });
    expect(classifyCheckoutError(new Error('boom'))).toMatchObject({ kind: 'retry' });
  });

  it('passes anything else through with its message', () => {
    expect(classifyCheckoutError(apiError('IDEMPOTENCY_KEY_REUSED', 409))).toEqual({ kind: 'other', message: 'message of IDEMPOTENCY_KEY_REUSED' });
  });
});
