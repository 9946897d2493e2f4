/**
 * PostgreSQL error codes seen through Drizzle: drizzle-orm 0.45 wraps a driver error in a
 * DrizzleQueryError whose `cause` is the pg / PGlite error carrying the SQLSTATE `code`.
 */

/** The SQLSTATE of a database error (walking `cause`), or undefined for anything else. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** serialization_failure and deadlock_detected: the transaction lost a race and may simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '40001' || code === '40P01';
}
