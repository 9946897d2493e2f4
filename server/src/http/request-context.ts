import crypto from 'node:crypto';
import type { Logger } from '../lib/logger';
import { clientAddress, type TrustProxy } from './client-address';
import type { AppMiddleware } from './types';

const INCOMING_ID = /^[0-9A-Za-z._-]{8,64}$/;

/**
 * First in the chain: gives every request an id (the caller's X-Request-Id when well-formed),
 * its client address (computed once, per TRUST_PROXY: `ctx.ip` everywhere after this is that
 * address), a child logger carrying the id, and one structured log line when the response is done.
 */
export function requestContext(logger: Logger, trustProxy: TrustProxy): AppMiddleware {
  return async (ctx, next) => {
    ctx.request.ip = clientAddress(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined, trustProxy) ?? '';
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    const startedAt = process.hrtime.bigint();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
