import { SCENE_PATTERN } from '@siyu/shared';
import { normalizeLaunchOptions } from './launch';

/**
 * Touch capture (channel attribution): every launch and every show of the app tells the server how
 * it was opened — WeChat's entry scene value (1047 scan, 1011, …), the entry code's `scene`, an SMS
 * link's `cq`, the page and its query — as `POST /api/touches`. Fire-and-forget: never awaited by a
 * page, never an error toast, never retried.
 */

export type TouchKind = 'launch' | 'show';

/** One touch, in the shape POST /api/touches accepts. */
export interface TouchInput {
  kind: TouchKind;
  /** WeChat's entry scene value (1000..99999); H5 has none. */
  wxScene?: number;
  /** The entry code (`c=K7p2Qx`), decoded. */
  scene?: string;
  /** An SMS recipient's token. */
  cq?: string;
  path?: string;
  query?: Record<string, string>;
}

export interface TouchBatch {
  deviceId?: string;
  touches: TouchInput[];
}

/** Launch / show options as Taro hands them over (weapp and H5 differ by base-library version). */
export interface RawEntryOptions {
  scene?: unknown;
  path?: unknown;
  query?: unknown;
}

const CQ_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The server takes at most this many touches per request. */
export const MAX_TOUCHES_PER_REQUEST = 20;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Parses a query string (`?a=1&scene=c%3DK7p2Qx`) without turning `+` into a space (a scene may hold
 * a `+`); a value is cut at its first `=` only, so an unencoded `scene=c=K7p2Qx` reads right too.
 */
export function parseQueryString(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const part of search.replace(/^[?#]/, '').split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    const key = safeDecode(at < 0 ? part : part.slice(0, at));
    if (!key || key in query) continue;
    query[key] = at < 0 ? '' : safeDecode(part.slice(at + 1));
  }
  return query;
}

/**
 * The query an H5 page was opened with: the URL's own query (`/?scene=…`) and the hash route's
 * (`#/pages/index/index?scene=c%3DK7p2Qx`, what the QR codes encode); the hash route's wins.
 */
export function h5EntryQuery(location: { search?: string; hash?: string }): Record<string, string> {
  const hash = location.hash ?? '';
  const at = hash.indexOf('?');
  return { ...parseQueryString(location.search ?? ''), ...(at < 0 ? {} : parseQueryString(hash.slice(at + 1))) };
}

/**
 * One touch from launch or show options (plus, on H5, the query read from the URL). The `scene` is
 * the query's, decoded; a scene WeChat could not have issued (over 32 characters, outside its
 * alphabet) and a malformed `cq` are dropped — also from the query — so that the touch is still
 * recorded (organic) instead of the whole request being refused.
 */
export function normalizeTouch(kind: TouchKind, raw: RawEntryOptions | null | undefined, urlQuery: Record<string, string> = {}): TouchInput {
  const launch = normalizeLaunchOptions(raw);
  const touch: TouchInput = { kind };
  if (launch?.scene !== undefined && launch.scene >= 1000) touch.wxScene = launch.scene;
  if (launch?.path) touch.path = launch.path;
  const query: Record<string, string> = { ...launch?.query };
  for (const [key, value] of Object.entries(urlQuery)) {
    if (Object.keys(query).length >= 20) break;
    if (!(key in query) && key.length > 0 && key.length <= 64) query[key] = value.slice(0, 600);
  }
  const scene = query.scene;
  if (scene !== undefined) {
    if (SCENE_PATTERN.test(scene)) touch.scene = scene;
    else delete query.scene;
  }
  const cq = query.cq;
  if (cq !== undefined) {
    if (CQ_PATTERN.test(cq)) touch.cq = cq;
    else delete query.cq;
  }
  if (Object.keys(query).length > 0) touch.query = query;
  return touch;
}

export interface TouchSenderOptions {
  /** Posts one batch; its failure is swallowed. */
  send: (batch: TouchBatch) => Promise<unknown>;
  deviceId: () => string | undefined;
  /** How long touches wait to be sent together (the launch and the first show of a start). */
  delayMs?: number;
  schedule?: (callback: () => void, ms: number) => unknown;
}

export interface TouchSender {
  record(touch: TouchInput): void;
  /** Sends what is queued now (tests; the timer does it otherwise). */
  flush(): Promise<void>;
}

/**
 * Queues touches and sends them together after a short delay: the launch and the show of one start
 * arrive in the same tick and go as one request. One attempt per batch; a failure is dropped.
 */
export function createTouchSender(options: TouchSenderOptions): TouchSender {
  const delayMs = options.delayMs ?? 50;
  const schedule = options.schedule ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  let queue: TouchInput[] = [];
  let isScheduled = false;

  const flush = async (): Promise<void> => {
    isScheduled = false;
    if (queue.length === 0) return;
    const touches = queue;
    queue = [];
    let id: string | undefined;
    try {
      id = options.deviceId();
    } catch {
      id = undefined;
    }
    try {
      await options.send(id ? { deviceId: id, touches } : { touches });
    } catch {
      // Attribution must never disturb shopping: a lost touch is a lost touch.
    }
  };

  return {
    record(touch) {
      if (queue.length >= MAX_TOUCHES_PER_REQUEST) return;
      queue.push(touch);
      if (!isScheduled) {
        isScheduled = true;
        schedule(() => void flush(), delayMs);
      }
    },
    flush,
  };
}
