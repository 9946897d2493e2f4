import { newcombeInterval, summarize, welchInterval, wilsonInterval } from './intervals';
import { studentTCdf, studentTQuantile } from './t-distribution';

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

describe('Student t inverse CDF', () => {
  // Two-sided 95 % and 99 % critical values from the standard t table (and non-integer df from scipy).
  it.each([
    [1, 12.7062, 63.6567],
    [2, 4.3027, 9.9248],
    [3, 3.1824, 5.8409],
    [5, 2.5706, 4.0321],
    [10, 2.2281, 3.1693],
    [30, 2.0423, 2.75],
    [100, 1.984, 2.6259],
    [1000, 1.9623, 2.5808],
    [2.2, 3.9487, 8.5347],
    [3.5, 2.9401, 5.0857],
  ])('df %d: t(0.975) = %d, t(0.995) = %d', (df, t975, t995) => {
    expect(Math.abs(studentTQuantile(0.975, df) - t975)).toBeLessThan(1e-4);
    expect(Math.abs(studentTQuantile(0.995, df) - t995)).toBeLessThan(1e-4);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-studentTQuantile(0.975, df), 10);
  });

  it('inverts its CDF and refuses p outside (0, 1)', () => {
    for (const df of [2, 7.3, 40]) for (const p of [0.01, 0.3, 0.5, 0.9, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('Wilson score interval', () => {
  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%d/%d → %d to %d', (x, n, low, high) => {
    const interval = wilsonInterval(x, n);
    expect([round4(interval.low), round4(interval.high)]).toEqual([low, high]);
    expect(interval.estimate).toBe(x / n);
  });

  it('is [0, 1] for an empty sample and refuses x > n', () => {
    expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

describe("Newcombe's hybrid score interval (method 10)", () => {
  // Newcombe (1998b), "Interval estimation for the difference between independent proportions", Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%d/%d − %d/%d → %d to %d', (x1, n1, x2, n2, low, high) => {
    const interval = newcombeInterval(x1, n1, x2, n2);
    expect([round4(interval.low), round4(interval.high)]).toEqual([low, high]);
    expect(interval.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
  });

  it('6/7 − 2/7: the square-and-add of the two Wilson intervals (computed by hand from them)', () => {
    const a = wilsonInterval(6, 7);
    const b = wilsonInterval(2, 7);
    const interval = newcombeInterval(6, 7, 2, 7);
    expect(interval.low).toBeCloseTo(4 / 7 - Math.hypot(6 / 7 - a.low, b.high - 2 / 7), 12);
    expect([round4(interval.low), round4(interval.high)]).toEqual([0.0582, 0.8062]);
  });
});

describe("Welch's t interval", () => {
  // Wikipedia, "Welch's t-test", examples 1 and 2 (t, df; the interval from scipy's ttest_ind(equal_var=False)).
  it('example 1: equal sizes, df 24.99, interval −3.9841 to −0.3492', () => {
    const a = summarize([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]);
    const b = summarize([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]);
    const interval = welchInterval(a, b);
    expect(interval.df).toBeCloseTo(24.9885, 4);
    expect(round4(interval.estimate / interval.standardError)).toBe(-2.4554);
    expect([round4(interval.low), round4(interval.high)]).toEqual([-3.9841, -0.3492]);
  });

  it('example 2: unequal sizes and variances, df 24.52, interval −4.2765 to −0.1635', () => {
    const a = summarize([19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0]);
    const b = summarize([28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3]);
    const interval = welchInterval(a, b);
    expect(interval.df).toBeCloseTo(24.5246, 4);
    expect([round4(interval.low), round4(interval.high)]).toEqual([-4.2765, -0.1635]);
  });

  it('collapses to the point when both samples are constant and refuses n < 2', () => {
    expect(welchInterval({ n: 3, mean: 5, variance: 0 }, { n: 4, mean: 2, variance: 0 })).toMatchObject({ estimate: 3, low: 3, high: 3 });
    expect(() => welchInterval({ n: 1, mean: 5, variance: 0 }, { n: 4, mean: 2, variance: 1 })).toThrow(RangeError);
  });

  it('summarize gives the sample variance', () => {
    expect(summarize([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, variance: 32 / 7 });
  });
});
