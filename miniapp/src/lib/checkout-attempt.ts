import type { OrderCreateInput } from '../api/orders';

/**
 * Idempotency keys for POST /api/orders. One checkout attempt has one key: a retry of the same
 * submission (a timeout, a lost answer, a double tap) sends the same key and body, so the server answers
 * the order it already made instead of a second one. A different submission (another address, a new
 * total after PRICE_CHANGED) gets a new key, because the server refuses a key reused with another body.
 */
export interface Submission {
  key: string;
  /** The body this key was first sent with, canonicalised. */
  fingerprint: string;
}

const KEY_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random integers below 62; crypto.getRandomValues where the platform has it (H5), else Math.random. */
function randomIndexes(count: number): number[] {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) return Array.from(cryptoApi.getRandomValues(new Uint8Array(count)), (byte) => byte % KEY_ALPHABET.length);
  return Array.from({ length: count }, () => Math.floor(Math.random() * KEY_ALPHABET.length));
}

/** "ck_" + time + 16 random characters: 8–64 of [A-Za-z0-9_-], as the server requires. */
export function newIdempotencyKey(now: number = Date.now(), random: (count: number) => number[] = randomIndexes): string {
  const tail = random(16)
    .map((index) => KEY_ALPHABET[index % KEY_ALPHABET.length])
    .join('');
  return `ck_${now.toString(36)}${tail}`;
}

/** The submission in canonical form (lines by SKU, remark trimmed), as the server compares it. */
export function submissionFingerprint(input: OrderCreateInput): string {
  const lines = [...input.lines].sort((a, b) => a.skuId - b.skuId).map((line) => [line.skuId, line.quantity]);
  return JSON.stringify([lines, input.addressId, input.remark.trim(), input.expectedPayableFen]);
}

/** The key to send: the previous one when this is a retry of the same submission, a new one otherwise. */
export function keyForSubmission(previous: Submission | null, input: OrderCreateInput, makeKey: () => string = () => newIdempotencyKey()): Submission {
  const fingerprint = submissionFingerprint(input);
  if (previous && previous.fingerprint === fingerprint) return previous;
  return { key: makeKey(), fingerprint };
}
