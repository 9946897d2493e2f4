import fc from 'fast-check';
import { EXPIRING_SOON_DAYS, pointsBalanceOf, pointsLotState } from './points-balance';

const NOW = new Date('2026-06-01T04:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

describe('pointsLotState', () => {
  it.each<[string, { remaining: number; availableAt: Date; expiresAt: Date }, string]>([
    ['usable now', { remaining: 5, availableAt: at(-1), expiresAt: at(100) }, 'available'],
    ['usable from exactly now', { remaining: 5, availableAt: NOW, expiresAt: at(100) }, 'available'],
    ['usable 1 ms from now', { remaining: 5, availableAt: new Date(NOW.getTime() + 1), expiresAt: at(100) }, 'pending'],
    ['expiring exactly now', { remaining: 5, availableAt: at(-10), expiresAt: NOW }, 'expired'],
    ['empty', { remaining: 0, availableAt: at(-10), expiresAt: at(10) }, 'used'],
    ['empty and past expiry', { remaining: 0, availableAt: at(-10), expiresAt: at(-1) }, 'expired'],
  ])('%s', (_name, lot, state) => {
    expect(pointsLotState(lot, NOW)).toBe(state);
  });
});

describe('pointsBalanceOf', () => {
  it('splits the 积分 page example: 772 pending from an order, 5 usable from a check-in', () => {
    const balance = pointsBalanceOf(
      [
        { remaining: 772, availableAt: at(7).toISOString(), expiresAt: at(400).toISOString() },
        { remaining: 5, availableAt: NOW.toISOString(), expiresAt: at(20).toISOString() },
      ],
      NOW,
    );
    expect(balance).toEqual({ available: 5, pending: 772, total: 777, expiringSoon: 5, expiringSoonAt: at(20).toISOString() });
  });

  it('counts pending points that expire soon, and never expired ones', () => {
    const balance = pointsBalanceOf(
      [
        { remaining: 40, availableAt: at(3), expiresAt: at(EXPIRING_SOON_DAYS) },
        { remaining: 99, availableAt: at(-3), expiresAt: at(-1) },
        { remaining: 10, availableAt: at(-3), expiresAt: at(EXPIRING_SOON_DAYS + 1) },
      ],
      NOW,
    );
    expect(balance).toEqual({ available: 10, pending: 40, total: 50, expiringSoon: 40, expiringSoonAt: at(EXPIRING_SOON_DAYS).toISOString() });
  });

  it('property: every live point is either available or pending, and expiring soon is a part of them', () => {
    const lot = fc.record({
      remaining: fc.integer({ min: 0, max: 10_000 }),
      availableIn: fc.integer({ min: -60, max: 60 }),
      expiresIn: fc.integer({ min: -60, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(lot, { maxLength: 20 }), (raw) => {
        const lots = raw.map((entry) => ({ remaining: entry.remaining, availableAt: at(entry.availableIn), expiresAt: at(entry.expiresIn) }));
        const balance = pointsBalanceOf(lots, NOW);
        const live = lots.filter((entry) => entry.expiresAt.getTime() > NOW.getTime()).reduce((sum, entry) => sum + entry.remaining, 0);
        expect(balance.total).toBe(live);
        expect(balance.available + balance.pending).toBe(balance.total);
        expect(balance.expiringSoon).toBeLessThanOrEqual(balance.total);
        expect(balance.expiringSoonAt === null).toBe(balance.expiringSoon === 0);
      }),
    );
  });
});
