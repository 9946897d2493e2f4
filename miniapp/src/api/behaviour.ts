import Taro from '@tarojs/taro';
import { createBehaviourQueue, type BehaviourBatch, type BehaviourEvent, type BehaviourEventBody, type BehaviourQueue } from '../lib/behaviour';
import { deviceId } from '../lib/device-id';
import { readStored, writeStored } from '../lib/storage';
import { api } from './index';

const QUEUE_KEY = 'siyu.behaviourQueue';

/** POST /api/events with the member's token when logged in; silent (no toast), one attempt. */
function sendEvents(batch: BehaviourBatch): Promise<unknown> {
  return api.request('/api/events', { method: 'POST', data: batch, isSilent: true });
}

let queue: BehaviourQueue | null = null;

/** The app's one queue, created on first use; it also leaves when the app hides. */
function behaviourQueue(): BehaviourQueue {
  if (queue) return queue;
  const created = createBehaviourQueue({
    send: sendEvents,
    deviceId,
    storage: { read: () => readStored<unknown>(QUEUE_KEY), write: (events: BehaviourEvent[]) => writeStored(QUEUE_KEY, events.length > 0 ? events : null) },
  });
  queue = created;
  try {
    Taro.onAppHide(() => void created.flush());
  } catch {
    // No app-hide event on this platform: the timer and the page's hide still send.
  }
  return created;
}

/** Records that the shopper opened a product page. Never throws, never waits. */
export function recordProductView(productId: number): void {
  try {
    behaviourQueue().recordView(productId);
  } catch {
    // Behaviour capture must never disturb the app.
  }
}

/** Records any behaviour event (page view, add to cart, checkout, share). Never throws, never waits. */
export function recordBehaviour(event: BehaviourEventBody): void {
  try {
    behaviourQueue().record(event);
  } catch {
    // Behaviour capture must never disturb the app.
  }
}

/** Sends the queued views now (a page hides). */
export function flushBehaviour(): void {
  try {
    void queue?.flush();
  } catch {
    // Never disturbs the app.
  }
}
