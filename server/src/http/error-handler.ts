import { ERROR_CODES, type ApiErrorBody, type ErrorCode } from '@siyu/shared';
import { AppError, findPgError } from '../lib/errors';
import type { AppMiddleware } from './types';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
};

/**
 * Renders every failure as `{error:{code,message,details}}`. AppErrors keep their code; client errors
 * raised by Koa or a library (`status` 4xx with `expose`) get the code of their status; anything else is
 * a bug: logged with the request id, answered 500 INTERNAL with no internals.
 */
export function errorHandler(): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new AppError('ROUTE_NOT_FOUND');
      }
    } catch (error) {
      const body = toErrorBody(error);
      const status = ERROR_CODES[body.error.code].status;
      if (status >= 500) ctx.state.log.error({ err: error }, 'unhandled error');
      else if (!(error instanceof AppError) && findPgError(error)) ctx.state.log.warn({ err: error }, 'database refused the request');
      ctx.status = status;
      ctx.body = body;
    }
  };
}

/**
 * PostgreSQL errors that are the client's fault or a lost race, not a bug. The shared schemas refuse
 * such input first (NUL, ids beyond int4, overlong text); this is the net for what slips past them.
 * A serialization failure or deadlock the service did not retry is a 409 the client may retry.
 */
const PG_ERROR_CODES: Record<string, ErrorCode> = {
  '22001': 'VALIDATION_FAILED', // string_data_right_truncation: text longer than its column
  '22003': 'VALIDATION_FAILED', // numeric_value_out_of_range: e.g. an id ≥ 2^31 against an int4 column
  '22021': 'VALIDATION_FAILED', // character_not_in_repertoire: NUL (\u0000) in text
  '22P02': 'VALIDATION_FAILED', // invalid_text_representation: e.g. 'abc' cast to integer
  '22P05': 'VALIDATION_FAILED', // untranslatable_character: NUL in jsonb text
  '40001': 'CONCURRENT_UPDATE', // serialization_failure
  '40P01': 'CONCURRENT_UPDATE', // deadlock_detected
};

function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof AppError) {
    return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  const pgCode = findPgError(error)?.code;
  const mapped = pgCode === undefined ? undefined : PG_ERROR_CODES[pgCode];
  if (mapped) return { error: { code: mapped, message: ERROR_CODES[mapped].message } };
  const status = (error as { status?: unknown })?.status;
  const isExposedClientError = typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose === true;
  const code = isExposedClientError ? (STATUS_CODES[status] ?? 'VALIDATION_FAILED') : 'INTERNAL';
  return { error: { code, message: ERROR_CODES[code].message } };
}
