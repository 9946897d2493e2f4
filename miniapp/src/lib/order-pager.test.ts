import type { Order, OrderStatus } from '@siyu/shared';
import type { FetchOrderPage } from './order-pager';
import { mergedStatusPager, orderTabFetcher } from './order-pager';

const order = (id: number, status: OrderStatus) => ({ id, status }) as Order;

/** A fake GET /api/orders over `orders`: filters by status, pages by id descending, cursor = last id. */
function fakeApi(orders: Order[], failOn?: (query: { status?: OrderStatus; cursor: string | null }) => boolean) {
  const calls: { status?: OrderStatus; cursor: string | null }[] = [];
  const fetchPage: FetchOrderPage = async ({ status, cursor, limit }) => {
    calls.push({ status, cursor });
    if (failOn?.({ status, cursor })) throw new Error('network');
    const matching = orders
      .filter((candidate) => (!status || candidate.status === status) && (cursor === null || candidate.id < Number(cursor)))
      .sort((a, b) => b.id - a.id);
    const items = matching.slice(0, limit);
    return { items, nextCursor: matching.length > limit ? String(items[items.length - 1]?.id) : null };
  };
  return { fetchPage, calls };
}

async function drain(fetcher: (cursor: string | null) => Promise<{ items: Order[]; nextCursor: string | null }>) {
  const pages: number[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Order[]; nextCursor: string | null } = await fetcher(cursor);
    pages.push(page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

const REFUND: OrderStatus[] = ['refunding', 'refunded', 'partially_refunded'];

describe('mergedStatusPager (the 退款 tab over three statuses)', () => {
  const orders = [
    ...[30, 27, 21, 12, 5].map((id) => order(id, 'refunded')),
    ...[29, 28, 8].map((id) => order(id, 'refunding')),
    ...[25, 2].map((id) => order(id, 'partially_refunded')),
    ...[31, 26, 3].map((id) => order(id, 'paid')),
  ];

  it('pages through every order of the three statuses once, newest first', async () => {
    const api = fakeApi(orders);
    const pages = await drain(mergedStatusPager(REFUND, api.fetchPage, 3));
    expect(pages).toEqual([[30, 29, 28], [27, 25, 21], [12, 8, 5], [2]]);
    expect(api.calls.every((call) => call.status && REFUND.includes(call.status))).toBe(true);
  });

  it('starts over on a null cursor (pull-to-refresh)', async () => {
    const pager = mergedStatusPager(REFUND, fakeApi(orders).fetchPage, 4);
    const first = await pager(null);
    await pager(first.nextCursor);
    expect((await pager(null)).items.map((item) => item.id)).toEqual([30, 29, 28, 27]);
  });

  it('loses nothing when a next page fails: the retry continues where the list stopped', async () => {
    let isFailing = true;
    // Pages of two: the second call takes 28, then needs the next page of 退款中 (refunding) — which fails.
    const api = fakeApi(orders, ({ status, cursor }) => isFailing && status === 'refunding' && cursor !== null);
    const pager = mergedStatusPager(REFUND, api.fetchPage, 2);
    const first = await pager(null);
    expect(first.items.map((item) => item.id)).toEqual([30, 29]);
    await expect(pager(first.nextCursor)).rejects.toThrow('network');
    isFailing = false;
    const rest = await drain(async (cursor) => pager(cursor ?? first.nextCursor));
    expect(rest.flat()).toEqual([28, 27, 25, 21, 12, 8, 5, 2]);
  });

  it('answers an empty last page when there is nothing at all', async () => {
    expect(await mergedStatusPager(REFUND, fakeApi([]).fetchPage)(null)).toEqual({ items: [], nextCursor: null });
  });
});

describe('orderTabFetcher', () => {
  it("uses the API's own cursor for one status or for all", async () => {
    const api = fakeApi([order(3, 'paid'), order(2, 'shipped'), order(1, 'paid')]);
    expect((await orderTabFetcher(['paid'], api.fetchPage)(null)).items.map((item) => item.id)).toEqual([3, 1]);
    expect((await orderTabFetcher([], api.fetchPage)(null)).items.map((item) => item.id)).toEqual([3, 2, 1]);
    expect(api.calls).toEqual([
      { status: 'paid', cursor: null },
      { status: undefined, cursor: null },
    ]);
  });
});
