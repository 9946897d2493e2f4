import fc from 'fast-check';
import {
  birthdaysCelebratedOn,
  checkinPointsFor,
  chinaDay,
  chinaMonth,
  expiryFor,
  maxPointsForPayable,
  nextCheckinStreak,
  pointsForPayment,
  pointsStep,
  pointsValueFen,
  previousDay,
} from './points';

describe('pointsForPayment', () => {
  it.each<[string, number, number, number, number]>([
    ['¥100 × 1 × 1.0', 10_000, 1, 10_000, 100],
    ['fen below a whole yuan earn nothing', 99, 1, 10_000, 0],
    ['¥99.99 counts 99 yuan', 9_999, 1, 10_000, 99],
    ['×1.5 rounds down once at the end (99 × 1.5 = 148.5)', 9_999, 1, 15_000, 148],
    ['2 points per yuan × 1.2', 12_345, 2, 12_000, 295],
    ['×5 diamond', 100, 1, 50_000, 5],
    ['nothing paid', 0, 1, 10_000, 0],
    ['0 points per yuan', 10_000, 0, 10_000, 0],
  ])('%s', (_name, payable, perYuan, bp, expected) => {
    expect(pointsForPayment(payable, perYuan, bp)).toBe(expected);
  });
});

describe('pointsValueFen', () => {
  it.each<[string, number, number, number]>([
    ['100 points = ¥1: 1 point = 1 fen', 1_234, 100, 1_234],
    ['1000 points = ¥1: 10 points a fen, the rest rounds down', 1_239, 1_000, 123],
    ['30 points = ¥1: 3 points = 10 fen', 3, 30, 10],
    ['30 points = ¥1: 1 point = 3.33 → 3 fen', 1, 30, 3],
    ['1 point = ¥1', 7, 1, 700],
    ['negative balances are valued toward 0', -1_239, 1_000, -123],
    ['zero', 0, 100, 0],
  ])('%s', (_name, points, rate, expected) => {
    expect(pointsValueFen(points, rate)).toBe(expected);
  });
});

describe('pointsStep', () => {
  it.each([
    [100, 1],
    [1_000, 10],
    [30, 3],
    [1, 1],
    [250, 5],
    [10_000, 100],
  ])('%i points per yuan → steps of %i', (rate, step) => {
    expect(pointsStep(rate)).toBe(step);
    // The step's value is a whole number of fen.
    expect((step * 100) % rate).toBe(0);
  });
});

describe('maxPointsForPayable', () => {
  const settings = { pointsMaxShareBp: 5_000, pointsPerYuanRedeemed: 100 };
  it.each<[string, number, number, Partial<typeof settings>, number]>([
    ['half of ¥100 at 100 points = ¥1', 10_000, 1_000_000, {}, 5_000],
    ['limited by the points available', 10_000, 1_234, {}, 1_234],
    ['half of ¥0.99 rounds down to 49 fen', 99, 1_000, {}, 49],
    ['1000 points = ¥1: multiples of 10 points', 10_000, 1_239, { pointsPerYuanRedeemed: 1_000 }, 1_230],
    ['1000 points = ¥1: capped at ¥50 = 50000 points', 10_000, 1_000_000, { pointsPerYuanRedeemed: 1_000 }, 50_000],
    ['30 points = ¥1: multiples of 3', 10_000, 100, { pointsPerYuanRedeemed: 30 }, 99],
    ['30 points = ¥1: cap of 4999 fen → 1499.7 → 1497 points', 9_999, 1_000_000, { pointsPerYuanRedeemed: 30 }, 1_497],
    ['share 0: no points', 10_000, 1_000, { pointsMaxShareBp: 0 }, 0],
    ['share 100 %: the whole amount', 10_000, 1_000_000, { pointsMaxShareBp: 10_000 }, 10_000],
    ['nothing available', 10_000, 0, {}, 0],
    ['a negative balance offers nothing', 10_000, -50, {}, 0],
  ])('%s', (_name, payable, available, overrides, expected) => {
    const rate = overrides.pointsPerYuanRedeemed ?? settings.pointsPerYuanRedeemed;
    expect(maxPointsForPayable(payable, available, { ...settings, ...overrides })).toEqual({ points: expected, valueFen: pointsValueFen(expected, rate) });
  });

  it('values the points exactly: 99 points at 30 = ¥1 are 330 fen', () => {
    expect(maxPointsForPayable(10_000, 100, { pointsMaxShareBp: 5_000, pointsPerYuanRedeemed: 30 })).toEqual({ points: 99, valueFen: 330 });
  });

  it('never exceeds the cap or the points available, and its value is exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -1000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (payable, available, shareBp, rate) => {
          const { points, valueFen } = maxPointsForPayable(payable, available, { pointsMaxShareBp: shareBp, pointsPerYuanRedeemed: rate });
          expect(points).toBeGreaterThanOrEqual(0);
          expect(points).toBeLessThanOrEqual(Math.max(0, available));
          expect(valueFen * rate).toBe(points * 100);
          expect(valueFen * 10_000).toBeLessThanOrEqual(payable * shareBp);
        },
      ),
    );
  });
});

describe('expiryFor', () => {
  it.each<[string, string, number, string]>([
    ['mid-year, 1 year: the end of next year', '2025-06-15T04:00:00.000Z', 1, '2026-12-31T15:59:59.999Z'],
    ['31 Dec 23:00 China time still counts as that year', '2025-12-31T15:00:00.000Z', 1, '2026-12-31T15:59:59.999Z'],
    ['1 Jan 00:30 China time (still 31 Dec in UTC) is the new year', '2025-12-31T16:30:00.000Z', 1, '2027-12-31T15:59:59.999Z'],
    ['2 years', '2025-03-01T00:00:00.000Z', 2, '2027-12-31T15:59:59.999Z'],
    ['leap day', '2024-02-29T12:00:00.000Z', 1, '2025-12-31T15:59:59.999Z'],
  ])('%s', (_name, earnedAt, years, expected) => {
    expect(expiryFor(new Date(earnedAt), years).toISOString()).toBe(expected);
  });
});

describe('China days', () => {
  it.each<[string, string, string]>([
    ['UTC afternoon is the next China day', '2025-06-15T16:00:00.000Z', '2025-06-16'],
    ['UTC morning is the same China day', '2025-06-15T15:59:59.999Z', '2025-06-15'],
  ])('%s', (_name, at, day) => {
    expect(chinaDay(new Date(at))).toBe(day);
  });

  it.each([
    ['2025-03-01', '2025-02-28'],
    ['2024-03-01', '2024-02-29'],
    ['2026-01-01', '2025-12-31'],
    ['2025-06-16', '2025-06-15'],
  ])('the day before %s is %s', (day, before) => {
    expect(previousDay(day)).toBe(before);
  });

  it('months by China time', () => {
    expect(chinaMonth(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12');
    expect(chinaMonth(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01');
  });

  it.each<[string, string[]]>([
    ['2025-06-15', ['06-15']],
    ['2025-02-28', ['02-28', '02-29']],
    ['2024-02-28', ['02-28']],
    ['2024-02-29', ['02-29']],
    ['2100-02-28', ['02-28', '02-29']],
    ['2000-02-28', ['02-28']],
  ])('birthdays celebrated on %s', (day, expected) => {
    expect(birthdaysCelebratedOn(day)).toEqual(expected);
  });
});

describe('check-in', () => {
  it.each<[string, string | null, number, string, number]>([
    ['first check-in ever', null, 0, '2025-06-15', 1],
    ['checked in yesterday: the streak goes on', '2025-06-14', 6, '2025-06-15', 7],
    ['missed a day: a new streak', '2025-06-13', 6, '2025-06-15', 1],
    ['across a month end', '2025-02-28', 3, '2025-03-01', 4],
  ])('%s', (_name, last, streak, today, expected) => {
    expect(nextCheckinStreak(last, streak, today)).toBe(expected);
  });

  const settings = { checkinPoints: 5, checkinStreakBonus: { '7': 20, '30': 100 } };
  it.each([
    [1, 5],
    [6, 5],
    [7, 25],
    [8, 5],
    [30, 105],
    [37, 5],
  ])('a streak of %i days earns %i points', (streak, points) => {
    expect(checkinPointsFor(streak, settings)).toBe(points);
  });
});
