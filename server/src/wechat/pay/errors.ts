/**
 * A WeChat Pay API call that did not succeed. `status` is the HTTP status (0 when no answer came),
 * `code` is WeChat's error code (SIGN_ERROR, ORDER_NOT_EXIST, INVALID_REQUEST, …) or one of ours:
 * NETWORK_ERROR (no answer), RESPONSE_SIGNATURE_INVALID (an answer we must not believe),
 * RESPONSE_MALFORMED (a verified answer we cannot read).
 */
export class WechatPayError extends Error {
  override readonly name = 'WechatPayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /**
     * True when WeChat may have acted although we did not get a trustworthy answer (timeouts,
     * 5xx, unverifiable answers): the caller must query before it concludes anything.
     */
    readonly isOutcomeUnknown = false,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Why a signed message (an API answer or a notification) was not accepted. */
export type SignatureFailureReason = 'malformed' | 'probe' | 'stale' | 'unknown_serial' | 'bad_signature';

/** Why a notification was rejected: a signature failure, or a body we cannot decrypt or accept (other merchant, other currency). */
export type NotificationFailureReason = SignatureFailureReason | 'decrypt_failed' | 'mismatch' | 'currency';

/**
 * A payment or refund notification that must not be acted on. The notify endpoint logs `reason`
 * and answers `httpStatus` with `{"code":"FAIL","message":…}`; WeChat retries genuine ones.
 */
export class WechatPayNotificationError extends Error {
  override readonly name = 'WechatPayNotificationError';
  constructor(
    readonly reason: NotificationFailureReason,
    message: string,
  ) {
    super(message);
  }

  /** 401 for anything about who sent it, 400 for a body we cannot use. */
  get httpStatus(): 400 | 401 {
    return this.reason === 'malformed' || this.reason === 'decrypt_failed' || this.reason === 'mismatch' || this.reason === 'currency' ? 400 : 401;
  }
}
