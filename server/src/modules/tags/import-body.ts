import getRawBody from 'raw-body';
import { jsonBodyParser } from '../../http/body-parser';
import type { AppMiddleware } from '../../http/types';
import { AppError } from '../../lib/errors';

/** The tag import route reads bodies up to this size (100,000 phones are about 1.4 MB). */
export const TAG_IMPORT_BODY_LIMIT = 4 * 1024 * 1024;
/** The path of the tag import route (the app gives it this body parser). */
export const TAG_IMPORT_PATH = /^\/api\/admin\/tags\/[^/]+\/import$/;

/**
 * The import's body: a CSV sent as text/csv (or text/plain) becomes the string `ctx.request.body`; any
 * other body goes through the JSON parser (`{ csv }`), with the same size limit.
 */
export function tagImportBodyParser(limitBytes: number): AppMiddleware {
  const json = jsonBodyParser(limitBytes);
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !ctx.is('text/csv', 'text/plain')) return json(ctx, next);
    try {
      ctx.request.body = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.get('content-length') || undefined, encoding: 'utf8' });
    } catch (error) {
      if ((error as { type?: string }).type === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE', undefined, { limitBytes });
      throw new AppError('INVALID_JSON', 'request body could not be read');
    }
    await next();
  };
}
