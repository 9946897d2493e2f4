import { readStored, writeStored } from './storage';

const DEVICE_KEY = 'siyu.deviceId';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
/** What POST /api/touches and POST /api/auth/wechat accept as a device id. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const LENGTH = 22; // 22 × 6 bits = 132 random bits

let current: string | null = null;

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (typeof cryptoApi?.getRandomValues === 'function') {
    try {
      cryptoApi.getRandomValues(bytes);
      return bytes;
    } catch {
      // Some runtimes expose crypto without a usable getRandomValues: fall through.
    }
  }
  for (let i = 0; i < count; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/** A fresh random id of 22 characters of [A-Za-z0-9_-]. */
export function newDeviceId(): string {
  let id = '';
  for (const byte of randomBytes(LENGTH)) id += ALPHABET[byte & 63];
  return id;
}

/**
 * This install's anonymous id (channel attribution: touches before login merge into the member at
 * login). Created once and kept in storage (wx storage on weapp, localStorage on H5); when storage
 * fails it lives for this start only.
 */
export function deviceId(): string {
  if (current) return current;
  const stored = readStored<unknown>(DEVICE_KEY);
  if (typeof stored === 'string' && DEVICE_ID_PATTERN.test(stored)) {
    current = stored;
    return current;
  }
  current = newDeviceId();
  writeStored(DEVICE_KEY, current);
  return current;
}

/** Tests: forget the id held in memory (storage stays). */
export function resetDeviceIdForTests(): void {
  current = null;
}
