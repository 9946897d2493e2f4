import { deviceId } from '../lib/device-id';
import { entryUrlQuery } from '../lib/launch-state';
import { createTouchSender, normalizeTouch, type RawEntryOptions, type TouchBatch, type TouchKind } from '../lib/touches';
import { api } from './index';

/** POST /api/touches with the member's token when logged in; silent (no toast), one attempt. */
function sendTouches(batch: TouchBatch): Promise<unknown> {
  return api.request('/api/touches', { method: 'POST', data: batch, isSilent: true });
}

const sender = createTouchSender({ send: sendTouches, deviceId });

/**
 * Records how the app was opened (app launch / app show) for channel attribution. Never throws, never
 * waits: the request leaves a moment later, together with the other touch of the same start.
 */
export function recordTouch(kind: TouchKind, options: RawEntryOptions | null | undefined): void {
  try {
    sender.record(normalizeTouch(kind, options, entryUrlQuery()));
  } catch {
    // Attribution must never disturb the app.
  }
}
