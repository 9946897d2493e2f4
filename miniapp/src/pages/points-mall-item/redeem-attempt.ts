import { ApiError } from '../../api/errors';

/** One redemption attempt: its idempotency key and what it was sent for (item, address). */
export interface RedeemAttempt {
  key: string;
  fingerprint: string;
}

/** The key to send: the previous one for a retry of the same redemption, a new one otherwise. */
export function attemptFor(previous: RedeemAttempt | null, itemId: number, addressId: number | undefined, makeKey: () => string): RedeemAttempt {
  const fingerprint = `${itemId}:${addressId ?? '-'}`;
  return previous && previous.fingerprint === fingerprint ? previous : { key: makeKey(), fingerprint };
}

/**
 * Whether a failed redemption may have happened after all (no answer, or a server error): then the
 * retry must reuse the key so the server answers the redemption it made instead of a second one.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return !(error instanceof ApiError) || error.isNetworkError || error.status >= 500;
}
