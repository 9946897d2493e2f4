import { ERROR_CODES, type ApiErrorBody, type ErrorCode } from '@siyu/shared';
import { AppError } from '../lib/errors';
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
      ctx.status = status;
      ctx.body = body;
    }
  };
}

function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof AppError) {
    return { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  const status = (error as { status?: unknown })?.status;
  const isExposedClientError =
    typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose === true;
  const code = isExposedClientError ? (STATUS_CODES[status] ?? 'VALIDATION_FAILED') : 'INTERNAL';
  return { error: { code, message: ERROR_CODES[code].message } };
}
