import { chinaDate, chinaTime, birthdayText, percentOfBp } from './member-labels';
import { filterFromSearch, filterOfForm, formOfFilter, phoneFilterOf, searchOfFilter } from './member-filter';

describe('member list filter', () => {
  it('reads the URL, dropping unknown and malformed parameters', () => {
    const search = new URLSearchParams(
      'q=%20小林%20&phoneSuffix=1234&tierCode=gold&lifecycle=silent&rfmCell=011&tagId=7&channelId=x&minNetPaidFen=30000&sort=netPaidFen&order=desc&evil=1&phone=123',
    );
    expect(filterFromSearch(search)).toEqual({
      q: '小林',
      phoneSuffix: '1234',
      tierCode: 'gold',
      lifecycle: 'silent',
      rfmCell: '011',
      tagId: 7,
      minNetPaidFen: 30000,
      sort: 'netPaidFen',
      order: 'desc',
    });
    expect(filterFromSearch(new URLSearchParams('tierCode=platinum2&rfmCell=112&lifecycle=dead&sort=name&tagId=0'))).toEqual({});
  });

  it('round-trips through the URL', () => {
    const filter = { q: '林', phone: '13812345678', rfmCell: '111', maxNetPaidFen: 99, sort: 'paidOrders' as const, order: 'asc' as const };
    expect(filterFromSearch(searchOfFilter(filter))).toEqual(filter);
  });

  it('takes 4 digits as the last-four search and 11 as the exact number', () => {
    expect(phoneFilterOf('1234')).toEqual({ ok: true, phoneSuffix: '1234' });
    expect(phoneFilterOf(' 138 1234 5678 ')).toEqual({ ok: true, phone: '13812345678' });
    expect(phoneFilterOf('')).toEqual({ ok: true });
    expect(phoneFilterOf('123').ok).toBe(false);
    expect(phoneFilterOf('12345').ok).toBe(false);
    expect(phoneFilterOf('23812345678').ok).toBe(false);
  });

  it('turns the form into a filter (yuan to fen, the sort kept) and refuses an inverted range', () => {
    expect(filterOfForm({ q: ' ', phoneText: '5678', minYuan: 300, maxYuan: 1000.5 }, { sort: 'lastPaidAt', order: 'desc' })).toEqual({
      ok: true,
      filter: { phoneSuffix: '5678', minNetPaidFen: 30000, maxNetPaidFen: 100050, sort: 'lastPaidAt', order: 'desc' },
    });
    expect(filterOfForm({ minYuan: 10, maxYuan: 9.99 }, {})).toMatchObject({ ok: false, field: 'maxYuan' });
    expect(filterOfForm({ phoneText: '12' }, {})).toMatchObject({ ok: false, field: 'phoneText' });
    expect(formOfFilter({ phoneSuffix: '5678', minNetPaidFen: 30000 })).toMatchObject({ phoneText: '5678', minYuan: 300, maxYuan: null });
  });
});

describe('member formats', () => {
  it('shows times in China time whatever the zone of the browser', () => {
    expect(chinaTime('2026-11-30T16:30:00Z')).toBe('2026-12-01 00:30');
    expect(chinaDate('2026-11-30T16:30:00Z')).toBe('2026-12-01');
    expect(chinaDate('2026-11-30')).toBe('2026-11-30');
    expect(chinaTime(null)).toBe('—');
  });

  it('writes birthdays and shares in Chinese', () => {
    expect(birthdayText('1990-03-08')).toBe('3月8日');
    expect(birthdayText('12-31')).toBe('12月31日');
    expect(birthdayText(null)).toBe('—');
    expect(percentOfBp(8000)).toBe('80%');
    expect(percentOfBp(1234)).toBe('12.3%');
  });
});
