import fc from 'fast-check';
import type { Fen } from '../money';
import { lineRefundFen, lineShareFen, planRefund, type RefundableLine } from './amounts';

const f = (n: number) => n as Fen;
const line = (overrides: Partial<RefundableLine> = {}): RefundableLine => ({
  lineNo: 1,
  quantity: 3,
  payableFen: f(1000),
  refundedQuantity: 0,
  openQuantity: 0,
  ...overrides,
});

describe('lineRefundFen', () => {
  it.each<[string, number, number, number, number, number]>([
    ['1 of 3 units of 1000 fen', 1000, 3, 0, 1, 333],
    ['the 2nd of 3', 1000, 3, 1, 1, 333],
    ['the last of 3 carries the remainder', 1000, 3, 2, 1, 334],
    ['2 of 3 at once', 1000, 3, 0, 2, 666],
    ['all of a line is its payable', 1001, 7, 0, 7, 1001],
    ['1 fen over 3 units: the first unit carries nothing', 1, 3, 0, 1, 0],
    ['stays exact where payable × units passes 2^53', 9_999_999_999_998, 999, 0, 998, 9_989_989_989_987],
  ])('%s', (_name, payable, quantity, prev, units, expected) => {
    expect(lineRefundFen({ payableFen: f(payable), quantity }, prev, units)).toBe(expected);
  });

  it('refuses more units than the line has', () => {
    expect(() => lineShareFen(f(100), 2, 3)).toThrow(RangeError);
  });

  it('adds up exactly to the line payable however the units are split', () => {
    const split = fc.integer({ min: 1, max: 60 }).chain((quantity) =>
      fc.record({
        quantity: fc.constant(quantity),
        payable: fc.integer({ min: 0, max: 1_000_000_000 }),
        cuts: fc.array(fc.integer({ min: 1, max: quantity }), { maxLength: quantity }),
      }),
    );
    fc.assert(
      fc.property(split, ({ quantity, payable, cuts }) => {
        let prev = 0;
        let total = 0;
        for (const cut of [...cuts, quantity]) {
          const units = Math.min(cut, quantity - prev);
          const part = lineRefundFen({ payableFen: f(payable), quantity }, prev, units);
          expect(part).toBeGreaterThanOrEqual(0);
          total += part;
          prev += units;
        }
        expect(total).toBe(payable);
      }),
    );
  });
});

describe('planRefund', () => {
  const base = { shippingFen: f(800), isShipped: false };

  it('prices a partial refund without shipping', () => {
    const result = planRefund({ ...base, lines: [line(), line({ lineNo: 2, quantity: 1, payableFen: f(500) })], requested: [{ lineNo: 1, quantity: 1 }] });
    expect(result).toEqual({ ok: true, plan: { lines: [{ lineNo: 1, quantity: 1, amountFen: 333 }], shippingFen: 0, amountFen: 333 } });
  });

  it('adds shipping when the last units of an unshipped order come back', () => {
    const result = planRefund({ ...base, lines: [line({ refundedQuantity: 2 })], requested: [{ lineNo: 1, quantity: 1 }] });
    expect(result).toEqual({ ok: true, plan: { lines: [{ lineNo: 1, quantity: 1, amountFen: 334 }], shippingFen: 800, amountFen: 1134 } });
  });

  it('keeps shipping once the order has shipped', () => {
    const result = planRefund({ ...base, isShipped: true, lines: [line()], requested: [{ lineNo: 1, quantity: 3 }] });
    expect(result).toMatchObject({ ok: true, plan: { shippingFen: 0, amountFen: 1000 } });
  });

  it('reports unknown lines', () => {
    expect(planRefund({ ...base, lines: [line()], requested: [{ lineNo: 9, quantity: 1 }] })).toEqual({ ok: false, reason: 'unknown_line', lineNos: [9] });
  });

  it('counts refunded and open units against what is refundable', () => {
    const result = planRefund({ ...base, lines: [line({ refundedQuantity: 1, openQuantity: 1 })], requested: [{ lineNo: 1, quantity: 2 }] });
    expect(result).toEqual({ ok: false, reason: 'quantity_exceeded', lines: [{ lineNo: 1, requested: 2, refundable: 1 }] });
  });

  it('refuses a request that carries no money', () => {
    expect(planRefund({ ...base, lines: [line({ payableFen: f(1) })], requested: [{ lineNo: 1, quantity: 1 }] })).toEqual({ ok: false, reason: 'zero_amount' });
  });
});
