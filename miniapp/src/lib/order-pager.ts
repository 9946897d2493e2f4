import type { Order, OrderStatus } from '@siyu/shared';
import type { OrderPage } from '../api/orders';

export type FetchOrderPage = (query: { status?: OrderStatus; cursor: string | null; limit: number }) => Promise<OrderPage>;

/** A next-page function for the list hook: `null` starts over, any other cursor continues. */
export type PageFetcher = (cursor: string | null) => Promise<{ items: Order[]; nextCursor: string | null }>;

interface Stream {
  status: OrderStatus;
  cursor: string | null;
  hasMore: boolean;
  buffer: Order[];
}

const MORE = 'more';

/**
 * Pages over orders in several statuses (the 退款 tab: refunding, refunded, partially refunded) while
 * the API filters by one status: one cursor per status, merged newest first (id descending). Before each
 * pick every status that may have more has at least one buffered order, so the largest head is the
 * newest unseen order overall.
 */
export function mergedStatusPager(statuses: readonly OrderStatus[], fetchPage: FetchOrderPage, limit = 10): PageFetcher {
  let streams: Stream[] = [];
  return async (cursor) => {
    if (cursor === null) streams = statuses.map((status) => ({ status, cursor: null, hasMore: true, buffer: [] }));
    // A refresh during a load replaces `streams`; the load in flight keeps to the ones it started with.
    const mine = streams;
    const items: Order[] = [];
    try {
      await fill(mine, items, fetchPage, limit);
    } catch (error) {
      // Nothing of a failed page is lost: what was taken goes back to its stream for the retry.
      for (const item of [...items].reverse()) mine.find((stream) => stream.status === item.status)?.buffer.unshift(item);
      throw error;
    }
    const hasMore = mine.some((stream) => stream.buffer.length > 0 || stream.hasMore);
    return { items, nextCursor: hasMore ? MORE : null };
  };
}

/** Takes up to `limit` orders, newest first, fetching a status's next page whenever its buffer runs dry. */
async function fill(mine: Stream[], items: Order[], fetchPage: FetchOrderPage, limit: number): Promise<void> {
  while (items.length < limit) {
    await Promise.all(
      mine
        .filter((stream) => stream.buffer.length === 0 && stream.hasMore)
        .map(async (stream) => {
          const page = await fetchPage({ status: stream.status, cursor: stream.cursor, limit });
          stream.buffer.push(...page.items);
          stream.cursor = page.nextCursor;
          stream.hasMore = page.nextCursor !== null;
        }),
    );
    const next = mine.reduce<Stream | null>((best, stream) => ((stream.buffer[0]?.id ?? -1) > (best?.buffer[0]?.id ?? -1) ? stream : best), null);
    const head = next?.buffer.shift();
    if (!head) break;
    items.push(head);
  }
}

/** The fetcher for a tab: the API's own cursor for one status (or all), the merge for several. */
export function orderTabFetcher(statuses: readonly OrderStatus[], fetchPage: FetchOrderPage, limit = 10): PageFetcher {
  if (statuses.length > 1) return mergedStatusPager(statuses, fetchPage, limit);
  const status = statuses[0];
  return (cursor) => fetchPage({ ...(status ? { status } : {}), cursor, limit });
}
