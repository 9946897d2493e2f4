/**
 * Behaviour capture (customer data): the product pages a shopper opens, as `POST /api/events` batches of
 * `product_view` events (the segment condition "viewed and not bought"). Views queue in memory and in storage
 * (a killed app sends them on its next start) and leave every few seconds, at ten queued, or when the app hides.
 * Fire-and-forget: never awaited by a page, never an error toast, never retried.
 */

/** One event, in the shape POST /api/events accepts. */
export interface BehaviourEvent {
  type: 'product_view';
  productId: number;
  /** When the shopper saw it (the server keeps it within the last day, else takes its own clock). */
  at: string;
}

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
  /** Queues a view of the product (ids that are no positive integer are ignored). */
  recordView(productId: number): void;
  /** Sends what is queued now (app hide, tests; the timer does it otherwise). */
  flush(): Promise<void>;
  queued(): number;
}

function isEvent(value: unknown): value is BehaviourEvent {
  const event = value as Partial<BehaviourEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    event.type === 'product_view' &&
    Number.isInteger(event.productId) &&
    (event.productId ?? 0) > 0 &&
    typeof event.at === 'string' &&
    !Number.isNaN(Date.parse(event.at))
  );
}

/** The stored queue, cleaned: only well-formed events of the last day, at most one request's worth. */
function restored(value: unknown, now: number): BehaviourEvent[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isEvent)
    .filter((event) => now - Date.parse(event.at) < MAX_AGE_MS)
    .slice(-MAX_EVENTS_PER_REQUEST);
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

  return {
    recordView(productId) {
      if (!Number.isInteger(productId) || productId <= 0 || productId > 2_147_483_647) return;
      queue.push({ type: 'product_view', productId, at: new Date(now()).toISOString() });
      if (queue.length > MAX_EVENTS_PER_REQUEST) queue = queue.slice(-MAX_EVENTS_PER_REQUEST);
      persist(queue);
      if (queue.length >= FLUSH_AT_QUEUED) void flush();
      else ensureScheduled();
    },
    flush,
    queued: () => queue.length,
  };
}
