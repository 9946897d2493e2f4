import dayjs from 'dayjs';
import { buildFlashSale } from '../testing/builders';
import { clockOffsetOf, countdownText } from '../common/Countdown';
import { flashSaleBodyOfValues, flashSalePatchOfValues, valuesOfFlashSale } from './flash-sale-form';

describe('flash sale form', () => {
  it('builds the POST body with the flash price in fen', () => {
    const built = flashSaleBodyOfValues({
      title: ' 坚果秒杀 ',
      skuId: 7,
      flashPrice: '49.9',
      totalUnits: 100,
      perMemberLimit: 2,
      range: [dayjs('2026-03-01T04:00:00Z'), dayjs('2026-03-01T06:00:00Z')],
    });
    expect(built).toEqual({
      ok: true,
      value: {
        title: '坚果秒杀',
        skuId: 7,
        flashPriceFen: 4990,
        totalUnits: 100,
        perMemberLimit: 2,
        startsAt: '2026-03-01T04:00:00.000Z',
        endsAt: '2026-03-01T06:00:00.000Z',
      },
    });
  });

  it('patches only what changed, and once started only the end and the units', () => {
    const upcoming = buildFlashSale({ status: 'upcoming' });
    expect(flashSalePatchOfValues(upcoming, { ...valuesOfFlashSale(upcoming), flashPrice: '39.90' })).toEqual({ ok: true, value: { flashPriceFen: 3990 } });
    const ongoing = buildFlashSale({ status: 'ongoing' });
    const later = dayjs('2026-03-01T07:00:00Z');
    expect(
      flashSalePatchOfValues(ongoing, { ...valuesOfFlashSale(ongoing), flashPrice: '1.00', totalUnits: 150, range: [dayjs(ongoing.startsAt), later] }),
    ).toEqual({
      ok: true,
      value: { endsAt: '2026-03-01T07:00:00.000Z', totalUnits: 150 },
    });
  });

  it('refuses fewer units than already sold', () => {
    const ongoing = buildFlashSale({ soldUnits: 30 });
    expect(flashSalePatchOfValues(ongoing, { ...valuesOfFlashSale(ongoing), totalUnits: 20 })).toEqual({
      ok: false,
      errors: [{ name: ['totalUnits'], message: '不能少于已售 30 件' }],
    });
  });
});

describe('countdown', () => {
  it.each([
    [0, '00:00:00'],
    [-5000, '00:00:00'],
    [61_000, '00:01:01'],
    [3_723_999, '01:02:03'],
    [2 * 86_400_000 + 3_600_000, '2天 01:00:00'],
  ])('%i ms → %s', (ms, text) => expect(countdownText(ms)).toBe(text));

  it('follows the server clock', () => {
    expect(clockOffsetOf('2026-03-01T05:00:10.000Z', Date.parse('2026-03-01T05:00:00.000Z'))).toBe(10_000);
    expect(clockOffsetOf(undefined)).toBe(0);
  });
});
