import { ERROR_CODES, type ErrorCode } from '@siyu/shared';

/**
 * The one error class of the API. Expected outcomes (bad input, limits reached, not found) are
 * AppErrors with a code from shared; anything else is a bug and becomes a 500 INTERNAL.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  /** Koa convention: the message may be shown to the client. */
  readonly expose = true;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}

/** Postgres unique violation on `constraint` (both drivers surface SQLSTATE in `code`, maybe under `cause`). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = findPgError(error);
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}

/** Postgres check violation on `constraint`. */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const pgError = findPgError(error);
  return pgError?.code === '23514' && (constraint === undefined || pgError.constraint === constraint);
}

/** The PostgreSQL error (SQLSTATE `code`) in `error` or its `cause` chain, as both drivers and Drizzle wrap it. */
export function findPgError(error: unknown): { code?: string; constraint?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** serialization_failure or deadlock_detected: the transaction lost a race and may simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = findPgError(error)?.code;
  return code === '40001' || code === '40P01';
}
