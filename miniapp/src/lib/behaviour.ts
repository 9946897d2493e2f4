import { hasNoControlChars } from '@siyu/shared';

/**
 * Behaviour capture (customer data, dashboards): what a shopper does — pages shown, product pages opened,
 * adds to cart, checkouts started, shares — as `POST /api/events` batches. Events queue in memory and in storage
 * (a killed app sends them on its next start) and leave every few seconds, at ten queued, or when the app hides.
 * Fire-and-forget: never awaited by a page, never an error toast, never retried.
 */

/** What an event says, without its time (the shapes POST /api/events accepts; shared/src/crm/events.ts). */
export type BehaviourEventBody =
  | { type: 'page_view'; page: string }
  | { type: 'product_view'; productId: number }
  | { type: 'add_to_cart'; productId: number; skuId?: number; quantity: number }
  | { type: 'checkout_start'; itemCount?: number }
  | { type: 'share'; productId?: number; target: 'friend' | 'timeline' };

/** One queued event: what happened and when the shopper did it (the server keeps it within the last day, else takes its own clock). */
export type BehaviourEvent = BehaviourEventBody & { at: string };

export interface BehaviourBatch {
  deviceId?: string;
  events: BehaviourEvent[];
}

/** The server takes at most this many events per request. */
export const MAX_EVENTS_PER_REQUEST = 50;
/** A queue this long leaves at once. */
export const FLUSH_AT_QUEUED = 10;
/** Otherwise it leaves this long after its first view. */
export const FLUSH_AFTER_MS = 5000;
/** Views older than this are not worth sending (the server would date them now). */
const MAX_AGE_MS = 24 * 3600_000;

export interface BehaviourQueueOptions {
  /** Posts one batch; its failure is swallowed. */
  send: (batch: BehaviourBatch) => Promise<unknown>;
  deviceId: () => string | undefined;
  /** Where the queue survives a restart (Taro storage in the app); none keeps it in memory only. */
  storage?: { read: () => unknown; write: (events: BehaviourEvent[]) => void };
  now?: () => number;
  schedule?: (callback: () => void, ms: number) => unknown;
}

export interface BehaviourQueue {
  /** Queues an event; a malformed one (no positive integer id, a page path too long…) is dropped. */
  record(event: BehaviourEventBody): void;
  /** Queues a view of the product (ids that are no positive integer are ignored). */
  recordView(productId: number): void;
  /** Sends what is queued now (app hide, tests; the timer does it otherwise). */
  flush(): Promise<void>;
  queued(): number;
}

/** The longest page path the server takes. */
const MAX_PAGE_LENGTH = 64;
const isId = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) <= 2_147_483_647;
const isOptionalId = (value: unknown) => value === undefined || isId(value);
const isCount = (value: unknown, max: number) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;

/** True when the body is one the server accepts (so a bad call never makes the whole batch a 400). */
export function isValidBody(value: unknown): value is BehaviourEventBody {
  const event = value as Record<string, unknown> | null;
  if (typeof event !== 'object' || event === null) return false;
  switch (event.type) {
    case 'page_view':
      return typeof event.page === 'string' && event.page.trim().length > 0 && event.page.length <= MAX_PAGE_LENGTH && hasNoControlChars(event.page);
    case 'product_view':
      return isId(event.productId);
    case 'add_to_cart':
      return isId(event.productId) && isOptionalId(event.skuId) && isCount(event.quantity, 9999);
    case 'checkout_start':
      return event.itemCount === undefined || isCount(event.itemCount, 999);
    case 'share':
      return isOptionalId(event.productId) && (event.target === 'friend' || event.target === 'timeline');
    default:
      return false;
  }
}

/** Only the fields of its type (a stored event from an older app version may carry others). */
function bodyOf(event: BehaviourEventBody): BehaviourEventBody {
  switch (event.type) {
    case 'page_view':
      return { type: event.type, page: event.page };
    case 'product_view':
      return { type: event.type, productId: event.productId };
    case 'add_to_cart':
      return { type: event.type, productId: event.productId, quantity: event.quantity, ...(event.skuId === undefined ? {} : { skuId: event.skuId }) };
    case 'checkout_start':
      return event.itemCount === undefined ? { type: event.type } : { type: event.type, itemCount: event.itemCount };
    case 'share':
      return { type: event.type, target: event.target, ...(event.productId === undefined ? {} : { productId: event.productId }) };
  }
}

function isEvent(value: unknown): value is BehaviourEvent {
  const at = (value as { at?: unknown } | null)?.at;
  return isValidBody(value) && typeof at === 'string' && !Number.isNaN(Date.parse(at));
}

/** The stored queue, cleaned: only well-formed events of the last day, at most one request's worth. */
function restored(value: unknown, now: number): BehaviourEvent[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isEvent)
    .filter((event) => now - Date.parse(event.at) < MAX_AGE_MS)
    .slice(-MAX_EVENTS_PER_REQUEST)
    .map((event) => ({ ...bodyOf(event), at: event.at }));
}

export function createBehaviourQueue(options: BehaviourQueueOptions): BehaviourQueue {
  const now = options.now ?? (() => Date.now());
  const schedule = options.schedule ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const persist = (events: BehaviourEvent[]) => {
    try {
      options.storage?.write(events);
    } catch {
      // Storage full or unavailable: memory only.
    }
  };
  let queue: BehaviourEvent[] = [];
  try {
    queue = restored(options.storage?.read(), now());
  } catch {
    queue = [];
  }
  let isScheduled = false;

  const flush = async (): Promise<void> => {
    isScheduled = false;
    if (queue.length === 0) return;
    const events = queue.slice(0, MAX_EVENTS_PER_REQUEST);
    queue = queue.slice(events.length);
    persist(queue);
    let id: string | undefined;
    try {
      id = options.deviceId();
    } catch {
      id = undefined;
    }
    try {
      await options.send(id ? { deviceId: id, events } : { events });
    } catch {
      // Behaviour capture must never disturb shopping: a lost view is a lost view.
    }
  };

  const ensureScheduled = () => {
    if (isScheduled) return;
    isScheduled = true;
    schedule(() => void flush(), FLUSH_AFTER_MS);
  };
  if (queue.length > 0) ensureScheduled();

  const record = (event: BehaviourEventBody) => {
    if (!isValidBody(event)) return;
    queue.push({ ...bodyOf(event), at: new Date(now()).toISOString() });
    if (queue.length > MAX_EVENTS_PER_REQUEST) queue = queue.slice(-MAX_EVENTS_PER_REQUEST);
    persist(queue);
    if (queue.length >= FLUSH_AT_QUEUED) void flush();
    else ensureScheduled();
  };

  return {
    record,
    recordView: (productId) => record({ type: 'product_view', productId }),
    flush,
    queued: () => queue.length,
  };
}
