import getRawBody from 'raw-body';
import { AppError } from '../lib/errors';
import type { AppMiddleware } from './types';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads a JSON body up to `limitBytes` into `ctx.request.body`. Malformed JSON → 400 INVALID_JSON,
 * too large → 413 PAYLOAD_TOO_LARGE, a non-JSON body → 415. Raw bodies can be kept for routes that
 * verify signatures over the exact bytes (WeChat Pay notifications). Multipart bodies are left to
 * the routes listed in `multipartPaths` (the media upload).
 */
export function jsonBodyParser(limitBytes: number, multipartPaths: readonly string[] = []): AppMiddleware {
  return async (ctx, next) => {
    const isNoBody = !METHODS_WITH_BODY.has(ctx.method) || (!ctx.request.length && !ctx.get('transfer-encoding'));
    // Upload routes read their own multipart bodies (with their own size limit); every other route gets JSON only.
    const isUpload = multipartPaths.includes(ctx.path) && Boolean(ctx.is('multipart/form-data'));
    if (isNoBody || isUpload) {
      await next();
      return;
    }
    if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    let raw: string;
    try {
      raw = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.get('content-length') || undefined, encoding: 'utf8' });
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') throw new AppError('PAYLOAD_TOO_LARGE', undefined, { limitBytes });
      throw new AppError('INVALID_JSON', 'request body could not be read');
    }
    ctx.state.rawBody = raw;
    try {
      ctx.request.body = raw.length === 0 ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      throw new AppError('INVALID_JSON');
    }
    await next();
  };
}
