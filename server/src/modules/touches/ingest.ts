import { SCENE_PATTERN, type TouchesBody, type TouchInput } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { appendEvent } from '../events/outbox';
import { insertTouches, resolveCodes, type NewTouchRow, type Resolutions } from './repo';

/** A client's `at` is kept only within this past span (queued touches); anything else takes the server's clock. */
const CLIENT_CLOCK_SPAN_MS = 24 * 3600_000;
const CQ_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A touch as the request gave it, before its scene and token are resolved. */
export interface PendingTouch {
  occurredAt: Date;
  source: 'app_launch' | 'app_show';
  deviceId: string | null;
  memberId: number | null;
  wxScene: number | null;
  scene: string | null;
  cq: string | null;
  path: string | null;
}

function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The scene of a touch: its own, else its query's (QR codes deliver it URI-encoded); one WeChat refuses → 400. */
function sceneOf(touch: TouchInput, index: number): string | null {
  if (touch.scene !== undefined) return touch.scene;
  const raw = touch.query?.['scene'];
  if (raw === undefined || raw === '') return null;
  const scene = decodeQueryValue(raw);
  if (!SCENE_PATTERN.test(scene)) throw new AppError('TOUCH_SCENE_INVALID', undefined, { field: `touches.${index}.query.scene` });
  return scene;
}

function cqOf(touch: TouchInput): string | null {
  const cq = touch.cq ?? touch.query?.['cq'];
  return cq !== undefined && CQ_PATTERN.test(cq) ? cq : null;
}

function occurredAtOf(at: string | undefined, now: Date): Date {
  if (at === undefined) return now;
  const time = new Date(at).getTime();
  return time <= now.getTime() && time >= now.getTime() - CLIENT_CLOCK_SPAN_MS ? new Date(time) : now;
}

/** The request's touches (one, or its batch), normalized; throws TOUCH_SCENE_INVALID for a scene WeChat cannot carry. */
export function pendingTouchesOf(body: TouchesBody, memberId: number | null, now: Date): PendingTouch[] {
  const inputs: TouchInput[] = body.touches ?? [body];
  return inputs.map((touch, index) => ({
    occurredAt: occurredAtOf(touch.at, now),
    source: touch.kind === 'show' ? 'app_show' : 'app_launch',
    deviceId: touch.deviceId ?? body.deviceId ?? null,
    memberId,
    wxScene: touch.wxScene ?? null,
    scene: sceneOf(touch, index),
    cq: cqOf(touch),
    path: touch.path ?? null,
  }));
}

/** A pending touch with its scene / token resolved: matched, retired_code, unknown_code or organic; an opened SMS link is `sms_open`. */
export function resolveTouch(touch: PendingTouch, resolutions: Resolutions): NewTouchRow {
  const base: NewTouchRow = { ...touch, status: 'organic', channelId: null, codeId: null, phoneHash: null };
  const byCq = touch.cq ? resolutions.byCq.get(touch.cq) : undefined;
  if (byCq) {
    const status = byCq.isActive ? 'matched' : 'retired_code';
    return { ...base, source: 'sms_open', status, channelId: byCq.channelId, codeId: byCq.codeId, phoneHash: byCq.phoneHash };
  }
  if (touch.scene === null) return base;
  const byScene = resolutions.byScene.get(touch.scene);
  if (!byScene) return { ...base, status: 'unknown_code' };
  return { ...base, status: byScene.isActive ? 'matched' : 'retired_code', channelId: byScene.channelId, codeId: byScene.codeId };
}

/** Writes a batch: one resolution query, one multi-row INSERT and one `touches.recorded` event, in one transaction. */
export async function writeTouchBatch(db: Executor, batch: PendingTouch[], now: Date): Promise<number[]> {
  return db.transaction(async (tx) => {
    const scenes = [...new Set(batch.flatMap((touch) => (touch.scene ? [touch.scene] : [])))];
    const cqs = [...new Set(batch.flatMap((touch) => (touch.cq ? [touch.cq] : [])))];
    const resolutions = await resolveCodes(tx, scenes, cqs);
    const ids = await insertTouches(
      tx,
      batch.map((touch) => resolveTouch(touch, resolutions)),
    );
    await appendEvent(tx, { type: 'touches.recorded', occurredAt: now, payload: { touchIds: ids } });
    return ids;
  });
}

interface Waiting {
  touches: PendingTouch[];
  done: () => void;
}

export interface TouchWriterOptions {
  /** How long the first request of a group waits for others (ms). */
  delayMs?: number;
  /** The most touches one INSERT carries. */
  maxBatch?: number;
  /** Writes running at once (PostgreSQL overlaps them; PGlite runs them one after another anyway). */
  maxInFlight?: number;
}

/**
 * Group commit of touches: requests arriving while a write is pending join it, and while writes run the next
 * group gathers, so concurrent requests share one transaction. Each request's promise settles after the
 * write that carries its touches; a failed write is logged and dropped (the shopper's app must not notice).
 */
export class TouchWriter {
  private waiting: Waiting[] = [];
  private isScheduled = false;
  private inFlight = 0;
  private readonly delayMs: number;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'logger' | 'now'>,
    options: TouchWriterOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 2;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 3;
  }

  /** Queues the touches; resolves once they are written (or dropped after a logged failure). */
  write(pending: PendingTouch[]): Promise<void> {
    if (pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push({ touches: pending, done: resolve });
      this.schedule(this.delayMs);
    });
  }

  private schedule(delayMs: number): void {
    if (this.isScheduled || this.inFlight >= this.maxInFlight) return;
    this.isScheduled = true;
    setTimeout(() => {
      this.isScheduled = false;
      void this.flush();
    }, delayMs);
  }

  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    let size = 0;
    while (this.waiting.length > 0 && (group.length === 0 || size + this.waiting[0]!.touches.length <= this.maxBatch)) {
      const next = this.waiting.shift()!;
      size += next.touches.length;
      group.push(next);
    }
    return group;
  }

  private async flush(): Promise<void> {
    const group = this.takeGroup();
    if (group.length === 0) return;
    this.inFlight += 1;
    try {
      await writeTouchBatch(
        this.deps.db,
        group.flatMap((entry) => entry.touches),
        this.deps.now(),
      );
    } catch (error) {
      this.deps.logger.error({ err: error, touches: group.reduce((n, entry) => n + entry.touches.length, 0) }, 'touch write failed; dropped');
    } finally {
      this.inFlight -= 1;
      for (const entry of group) entry.done();
      // Whatever arrived during the write goes at once: it has already waited.
      if (this.waiting.length > 0) this.schedule(0);
    }
  }
}

const writers = new WeakMap<object, TouchWriter>();

/** The app's one touch writer (per dependency set, so every test app has its own). */
export function touchWriterOf(deps: Pick<AppDeps, 'db' | 'logger' | 'now'>): TouchWriter {
  let writer = writers.get(deps);
  if (!writer) {
    writer = new TouchWriter(deps);
    writers.set(deps, writer);
  }
  return writer;
}
