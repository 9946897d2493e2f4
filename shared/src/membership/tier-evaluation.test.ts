import fc from 'fast-check';
import type { TierCode } from '../members/tiers';
import { evaluateTier, orderGrowthFull, refundedGrowth, retentionWindowStart, type PendingDowngrade, type TierEvaluationInput } from './tier-evaluation';

const DAY = 24 * 3600 * 1000;
/** The fixed clock: 2025-06-15 12:00 China time. */
const NOW = new Date('2025-06-15T04:00:00.000Z');
const daysFrom = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

const TIERS = [
  { code: 'bronze', growthThreshold: 0 },
  { code: 'silver', growthThreshold: 500 },
  { code: 'gold', growthThreshold: 2000 },
  { code: 'platinum', growthThreshold: 5000 },
  { code: 'diamond', growthThreshold: 10000 },
] as const;

/** Held since long ago (outside every retention window) unless a case says otherwise. */
function input(overrides: Partial<TierEvaluationInput> = {}): TierEvaluationInput {
  return {
    tiers: TIERS,
    currentTier: 'bronze',
    growthForRetention: 0,
    now: NOW,
    tierSince: new Date('2023-01-01T00:00:00.000Z'),
    pendingDowngrade: null,
    settings: { retentionRule: 'rolling_12_months', downgradeGraceDays: 30, downgradeWarningDays: 7 },
    ...overrides,
  };
}

const pending = (toTier: TierCode, at: Date, warnedAt: Date | null = null): PendingDowngrade => ({ toTier, at, warnedAt });

describe('evaluateTier: upgrades', () => {
  it.each<[string, TierCode, number, ReturnType<typeof evaluateTier>]>([
    ['bronze with nothing stays', 'bronze', 0, { action: 'none' }],
    ['exactly at the silver threshold upgrades', 'bronze', 500, { action: 'upgrade', toTier: 'silver' }],
    ['1 below the silver threshold stays bronze', 'bronze', 499, { action: 'none' }],
    ['several tiers at once go to the highest met', 'bronze', 5000, { action: 'upgrade', toTier: 'platinum' }],
    ['far above diamond is diamond', 'silver', 1_000_000, { action: 'upgrade', toTier: 'diamond' }],
    ['gold exactly at gold stays', 'gold', 2000, { action: 'none' }],
    ['gold between gold and platinum stays', 'gold', 4999, { action: 'none' }],
    ['diamond at the top stays', 'diamond', 20000, { action: 'none' }],
  ])('%s', (_name, currentTier, growthForRetention, expected) => {
    expect(evaluateTier(input({ currentTier, growthForRetention }))).toEqual(expected);
  });

  it('upgrades even with a downgrade pending (the upgrade clears it)', () => {
    expect(evaluateTier(input({ currentTier: 'gold', growthForRetention: 6000, pendingDowngrade: pending('silver', daysFrom(NOW, 3)) }))).toEqual({
      action: 'upgrade',
      toTier: 'platinum',
    });
  });

  it('reads thresholds from the tiers given (an edited table)', () => {
    const tiers = TIERS.map((tier) => (tier.code === 'silver' ? { ...tier, growthThreshold: 100 } : tier));
    expect(evaluateTier(input({ tiers, growthForRetention: 100 }))).toEqual({ action: 'upgrade', toTier: 'silver' });
  });
});

describe('evaluateTier: falling short', () => {
  it('schedules a downgrade of one tier at now + grace on the first evaluation', () => {
    expect(evaluateTier(input({ currentTier: 'platinum', growthForRetention: 10 }))).toEqual({
      action: 'schedule_downgrade',
      toTier: 'gold',
      at: daysFrom(NOW, 30),
    });
  });

  it('schedules 1 below the threshold, not exactly at it', () => {
    expect(evaluateTier(input({ currentTier: 'gold', growthForRetention: 1999 })).action).toBe('schedule_downgrade');
    expect(evaluateTier(input({ currentTier: 'gold', growthForRetention: 2000 })).action).toBe('none');
  });

  it('schedules a fresh downgrade over a stale pending one (another target, or due before the tier was reached)', () => {
    const tierSince = daysFrom(NOW, -3);
    const fresh = { action: 'schedule_downgrade', toTier: 'gold', at: daysFrom(NOW, 30) };
    expect(evaluateTier(input({ currentTier: 'platinum', tierSince, pendingDowngrade: pending('silver', daysFrom(NOW, 2)) }))).toEqual(fresh);
    expect(evaluateTier(input({ currentTier: 'platinum', tierSince, pendingDowngrade: pending('gold', daysFrom(NOW, -5), daysFrom(NOW, -12)) }))).toEqual(
      fresh,
    );
    expect(evaluateTier(input({ currentTier: 'platinum', tierSince, pendingDowngrade: pending('gold', daysFrom(NOW, 2)) }))).toEqual({
      action: 'warn',
      toTier: 'gold',
      at: daysFrom(NOW, 2),
    });
  });

  it('a refund right after an upgrade does not shortcut the grace period', () => {
    expect(evaluateTier(input({ currentTier: 'silver', growthForRetention: 0, tierSince: daysFrom(NOW, -1) }))).toEqual({
      action: 'schedule_downgrade',
      toTier: 'bronze',
      at: daysFrom(NOW, 30),
    });
  });

  it.each<[string, number, PendingDowngrade, ReturnType<typeof evaluateTier>]>([
    ['grace running, before the warning window: nothing', 0, pending('gold', daysFrom(NOW, 8)), { action: 'none' }],
    ['exactly warning days ahead: warn with the same date', 0, pending('gold', daysFrom(NOW, 7)), { action: 'warn', toTier: 'gold', at: daysFrom(NOW, 7) }],
    ['inside the warning window: warn', 0, pending('gold', daysFrom(NOW, 1)), { action: 'warn', toTier: 'gold', at: daysFrom(NOW, 1) }],
    ['warned already, not due: nothing', 0, pending('gold', daysFrom(NOW, 1), daysFrom(NOW, -6)), { action: 'none' }],
    ['warned and due: down one tier', 0, pending('gold', NOW, daysFrom(NOW, -7)), { action: 'downgrade', toTier: 'gold' }],
    [
      'due but never warned: warn and postpone by the warning days',
      0,
      pending('gold', daysFrom(NOW, -2)),
      { action: 'warn', toTier: 'gold', at: daysFrom(NOW, 7) },
    ],
    ['growth back at the threshold: cancel', 5000, pending('gold', daysFrom(NOW, 1), daysFrom(NOW, -6)), { action: 'cancel_downgrade' }],
    ['growth back above the threshold: cancel', 7000, pending('gold', daysFrom(NOW, 20)), { action: 'cancel_downgrade' }],
  ])('platinum with a pending downgrade, %s', (_name, growthForRetention, pendingDowngrade, expected) => {
    expect(evaluateTier(input({ currentTier: 'platinum', growthForRetention, pendingDowngrade }))).toEqual(expected);
  });

  it('goes down exactly one tier even with no growth at all (diamond → platinum)', () => {
    expect(evaluateTier(input({ currentTier: 'diamond', pendingDowngrade: pending('platinum', NOW, daysFrom(NOW, -7)) }))).toEqual({
      action: 'downgrade',
      toTier: 'platinum',
    });
  });

  it('walks the whole path one step per evaluation: schedule → warn → downgrade → schedule again', () => {
    const settings = { retentionRule: 'rolling_12_months', downgradeGraceDays: 30, downgradeWarningDays: 7 } as const;
    let state: Pick<TierEvaluationInput, 'currentTier' | 'pendingDowngrade' | 'tierSince'> = {
      currentTier: 'gold',
      pendingDowngrade: null,
      tierSince: new Date('2023-01-01T00:00:00Z'),
    };
    const steps: string[] = [];
    for (let day = 0; day <= 31; day += 1) {
      const now = daysFrom(NOW, day);
      const decision = evaluateTier(input({ ...state, settings, now, growthForRetention: 100 }));
      if (decision.action === 'none') continue;
      steps.push(`${day}:${decision.action}`);
      if (decision.action === 'schedule_downgrade') state = { ...state, pendingDowngrade: pending(decision.toTier, decision.at) };
      if (decision.action === 'warn') state = { ...state, pendingDowngrade: pending(decision.toTier, decision.at, now) };
      if (decision.action === 'downgrade') state = { currentTier: decision.toTier, pendingDowngrade: null, tierSince: now };
    }
    // Still short of silver: the next evaluation starts silver's own grace period (one tier at a time).
    expect(steps).toEqual(['0:schedule_downgrade', '23:warn', '30:downgrade', '31:schedule_downgrade']);
    expect(state.currentTier).toBe('silver');
  });

  it('bronze never goes lower, even with negative growth; a stale pending downgrade is cancelled', () => {
    expect(evaluateTier(input({ currentTier: 'bronze', growthForRetention: -50 }))).toEqual({ action: 'none' });
    expect(evaluateTier(input({ currentTier: 'bronze', growthForRetention: -50, pendingDowngrade: pending('bronze', NOW) }))).toEqual({
      action: 'cancel_downgrade',
    });
  });

  it('with no grace and no warning days the downgrade is due on the next evaluation after the warning', () => {
    const settings = { retentionRule: 'rolling_12_months', downgradeGraceDays: 0, downgradeWarningDays: 0 } as const;
    expect(evaluateTier(input({ currentTier: 'silver', settings }))).toEqual({ action: 'schedule_downgrade', toTier: 'bronze', at: NOW });
    expect(evaluateTier(input({ currentTier: 'silver', settings, pendingDowngrade: pending('bronze', NOW) }))).toEqual({
      action: 'warn',
      toTier: 'bronze',
      at: NOW,
    });
    expect(evaluateTier(input({ currentTier: 'silver', settings, pendingDowngrade: pending('bronze', NOW, NOW) }))).toEqual({
      action: 'downgrade',
      toTier: 'bronze',
    });
  });
});

describe('retentionWindowStart', () => {
  it.each<[string, 'rolling_12_months' | 'calendar_year', string, string]>([
    ['rolling: the same moment a year ago', 'rolling_12_months', '2025-06-15T12:00:00+08:00', '2024-06-15T12:00:00+08:00'],
    ['rolling from 29 Feb lands on 28 Feb', 'rolling_12_months', '2024-02-29T10:00:00+08:00', '2023-02-28T10:00:00+08:00'],
    ['rolling just after China midnight keeps the China date', 'rolling_12_months', '2025-03-01T00:30:00+08:00', '2024-03-01T00:30:00+08:00'],
    ['calendar: 1 January China time', 'calendar_year', '2025-06-15T12:00:00+08:00', '2025-01-01T00:00:00+08:00'],
    ['calendar on 1 Jan 00:30 China time (still 31 Dec in UTC) is the new year', 'calendar_year', '2025-01-01T00:30:00+08:00', '2025-01-01T00:00:00+08:00'],
    ['calendar on 31 Dec 23:59 China time is the old year', 'calendar_year', '2024-12-31T23:59:00+08:00', '2024-01-01T00:00:00+08:00'],
  ])('%s', (_name, rule, now, expected) => {
    expect(retentionWindowStart(rule, new Date(now)).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('order growth amounts', () => {
  it.each<[number, number, number]>([
    [12345, 1, 123],
    [99, 1, 0],
    [100, 1, 1],
    [12345, 3, 369],
    [12345, 0, 0],
  ])('payable %i fen at %i per yuan is %i', (payable, perYuan, expected) => {
    expect(orderGrowthFull(payable, perYuan)).toBe(expected);
  });

  it.each<[number, number, number, number]>([
    [100, 10000, 0, 0],
    [100, 10000, 3333, 33],
    [100, 10000, 10000, 100],
    [7, 999, 998, 6],
    [5, 0, 0, 0],
  ])('full %i of payable %i with %i refunded: %i reversed', (full, payable, refunded, expected) => {
    expect(refundedGrowth(full, payable, refunded)).toBe(expected);
  });

  it('partial refunds reverse exactly what one refund of their total would, never more than credited', () => {
    const cases = fc.record({
      payable: fc.integer({ min: 1, max: 10_000_000_000 }),
      perYuan: fc.integer({ min: 0, max: 100 }),
      cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(cases, ({ payable, perYuan, cuts }) => {
        const full = orderGrowthFull(payable, perYuan);
        let refunded = 0;
        let reversed = 0;
        for (const cut of cuts) {
          refunded = Math.min(payable, refunded + Math.floor((payable - refunded) * cut));
          const step = refundedGrowth(full, payable, refunded) - reversed;
          expect(step).toBeGreaterThanOrEqual(0);
          reversed += step;
        }
        expect(reversed).toBe(refundedGrowth(full, payable, refunded));
        expect(reversed).toBeLessThanOrEqual(full);
        expect(refundedGrowth(full, payable, payable)).toBe(full);
      }),
    );
  });
});
