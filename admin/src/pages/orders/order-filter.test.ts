import dayjs from 'dayjs';
import {
  filterOfSearchParams,
  filterOfValues,
  listQueryOf,
  searchParamsOfFilter,
  valuesOfFilter,
  type OrderFilter,
  type OrderFilterValues,
} from './order-filter';

const ORDER_NO = 'S20260301120000ABCDEFGH';
/** Local midnight of a day, as the instant the API receives. */
const midnight = (year: number, month: number, day: number) => new Date(year, month - 1, day).toISOString();

describe('filterOfValues (form → URL filter)', () => {
  it.each<[string, OrderFilterValues, OrderFilter]>([
    ['nothing filled', {}, {}],
    ['cleared fields (null) are left out', { status: null, orderNo: null, memberId: null, dates: null }, {}],
    ['status and member', { status: 'paid', memberId: 12 }, { status: 'paid', memberId: 12 }],
    ['order number trimmed and upper-cased', { orderNo: `  ${ORDER_NO.toLowerCase()} ` }, { orderNo: ORDER_NO }],
    ['blank order number', { orderNo: '   ' }, {}],
    ['a date range as days', { dates: [dayjs('2026-03-01T15:30:00'), dayjs('2026-03-31T08:00:00')] }, { from: '2026-03-01', to: '2026-03-31' }],
    ['an open-ended range', { dates: [null, dayjs('2026-03-31')] }, { to: '2026-03-31' }],
  ])('%s', (_name, values, expected) => {
    expect(filterOfValues(values)).toEqual(expected);
  });
});

describe('listQueryOf (URL filter → GET /api/admin/orders)', () => {
  it('passes status, order number and member through', () => {
    expect(listQueryOf({ status: 'shipped', orderNo: ORDER_NO, memberId: 7 })).toEqual({ status: 'shipped', orderNo: ORDER_NO, memberId: 7 });
  });

  it('turns days into local midnights, the last day included (to = the next midnight, exclusive)', () => {
    expect(listQueryOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: midnight(2026, 3, 1), to: midnight(2026, 4, 1) });
  });

  it('covers a single day as 24 hours', () => {
    const query = listQueryOf({ from: '2026-02-28', to: '2026-02-28' });
    expect(query).toEqual({ from: midnight(2026, 2, 28), to: midnight(2026, 3, 1) });
  });

  it('crosses a year end', () => {
    expect(listQueryOf({ to: '2025-12-31' })).toEqual({ to: midnight(2026, 1, 1) });
  });

  it('sends instants the server schema accepts', async () => {
    const { adminOrderListQuerySchema } = await import('@siyu/shared');
    expect(
      adminOrderListQuerySchema.safeParse(listQueryOf({ status: 'paid', orderNo: ORDER_NO, memberId: 3, from: '2026-03-01', to: '2026-03-02' })).success,
    ).toBe(true);
  });
});

describe('filterOfSearchParams (typed URL → filter)', () => {
  it.each<[string, string, OrderFilter]>([
    ['empty', '', {}],
    [
      'every field',
      `status=paid&orderNo=${ORDER_NO}&memberId=12&from=2026-03-01&to=2026-03-31`,
      { status: 'paid', orderNo: ORDER_NO, memberId: 12, from: '2026-03-01', to: '2026-03-31' },
    ],
    ['a lower-case order number', `orderNo=${ORDER_NO.toLowerCase()}`, { orderNo: ORDER_NO }],
    ['an unknown status is dropped', 'status=lost&memberId=5', { memberId: 5 }],
    ['an order number the API refuses is dropped', 'orderNo=S1-2', {}],
    ['a member id that is not a positive integer is dropped', 'memberId=-3', {}],
    ['a day that does not exist is dropped', 'from=2026-02-30&to=2026-3-1', {}],
    ['unknown parameters are ignored', 'page=2&ship=1', {}],
  ])('%s', (_name, search, expected) => {
    expect(filterOfSearchParams(new URLSearchParams(search))).toEqual(expected);
  });
});

describe('round trips', () => {
  it('filter → URL → filter is the identity', () => {
    const filter: OrderFilter = { status: 'refunding', orderNo: ORDER_NO, memberId: 9, from: '2026-01-01', to: '2026-01-31' };
    expect(filterOfSearchParams(new URLSearchParams(searchParamsOfFilter(filter)))).toEqual(filter);
  });

  it('filter → form values → filter is the identity', () => {
    const filter: OrderFilter = { status: 'paid', memberId: 2, from: '2026-05-01', to: '2026-05-02' };
    expect(filterOfValues(valuesOfFilter(filter))).toEqual(filter);
    expect(valuesOfFilter({})).toEqual({ status: null, orderNo: null, q: null, memberId: null, dates: null });
  });
});
