import { addFen, fenToYuanString, formatFen, isFen, MoneyError, mulFen, parseYuanToFen, subFen, toFen, type Fen } from './fen';

const f = (n: number) => n as Fen;

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [10, '¥0.10'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [990, '¥9.90'],
    [1250, '¥12.50'],
    [5500, '¥55.00'],
    [123456789, '¥1,234,567.89'],
    [-5, '-¥0.05'],
    [-1250, '-¥12.50'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
  ])('formats %i fen as %s', (amount, expected) => {
    expect(formatFen(f(amount))).toBe(expected);
  });

  it('can leave out thousands separators', () => {
    expect(formatFen(f(123456789), { grouping: false })).toBe('¥1234567.89');
  });

  it.each([0.1, 12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %p, which is not integer fen', (value) => {
    expect(() => formatFen(value as Fen)).toThrow(MoneyError);
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['0', 0],
    ['0.1', 10],
    ['0.01', 1],
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['¥12.50', 1250],
    ['1,234.56', 123456],
    [' 9.9 ', 990],
    ['-3.2', -320],
    ['9999999999999.99', 999999999999999],
  ])('parses %p as %i fen', (text, expected) => {
    expect(parseYuanToFen(text)).toBe(expected);
  });

  it.each(['', '.5', '1.', '1.234', '1e3', 'abc', '12,5', '¥', '--1', '99999999999999'])('rejects %p', (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });

  it('adds 0.1 + 0.2 yuan to exactly 30 fen (no float drift)', () => {
    const a = parseYuanToFen('0.1');
    const b = parseYuanToFen('0.2');
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(addFen(a as Fen, b as Fen)).toBe(30);
  });

  it('round-trips with fenToYuanString for every amount from 0 to 1,000 fen', () => {
    for (let amount = 0; amount <= 1000; amount += 1) {
      expect(parseYuanToFen(fenToYuanString(f(amount)))).toBe(amount);
    }
  });
});

describe('fen arithmetic', () => {
  it('adds, subtracts and multiplies integers exactly', () => {
    expect(addFen(f(1), f(2), f(3))).toBe(6);
    expect(subFen(f(100), f(250))).toBe(-150);
    expect(mulFen(f(5500), 12)).toBe(66000);
  });

  it('refuses results outside the safe-integer range', () => {
    expect(() => addFen(f(Number.MAX_SAFE_INTEGER), f(1))).toThrow(MoneyError);
    expect(() => mulFen(f(2 ** 40), 2 ** 20)).toThrow(MoneyError);
  });

  it('refuses a fractional quantity', () => {
    expect(() => mulFen(f(100), 1.5)).toThrow(MoneyError);
  });

  it('brands only safe integers', () => {
    expect(isFen(12)).toBe(true);
    expect(isFen(12.5)).toBe(false);
    expect(isFen('12')).toBe(false);
    expect(toFen(-7)).toBe(-7);
    expect(() => toFen(0.5)).toThrow(MoneyError);
  });
});
