import { beijingDay } from './index';

describe('beijingDay', () => {
  it.each([
    ['just after Beijing midnight', '2026-12-04T16:00:00.000Z', '2026-12-05', '2026-12-04T16:00:00.000Z'],
    ['just before Beijing midnight', '2026-12-04T15:59:59.999Z', '2026-12-04', '2026-12-03T16:00:00.000Z'],
    ['UTC midday (Beijing evening)', '2026-12-05T12:00:00.000Z', '2026-12-05', '2026-12-04T16:00:00.000Z'],
    ['before 1970 still floors, not truncates', '1969-12-31T20:00:00.000Z', '1970-01-01', '1969-12-31T16:00:00.000Z'],
  ])('%s', (_name, now, date, from) => {
    const day = beijingDay(new Date(now));
    expect(day.date).toBe(date);
    expect(day.from.toISOString()).toBe(from);
    expect(day.to.getTime() - day.from.getTime()).toBe(24 * 60 * 60 * 1000);
    expect(day.from.getTime()).toBeLessThanOrEqual(new Date(now).getTime());
    expect(new Date(now).getTime()).toBeLessThan(day.to.getTime());
  });
});
