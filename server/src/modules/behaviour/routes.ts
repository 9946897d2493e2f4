import Router from '@koa/router';
import { behaviourEventsBodySchema } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { bearerToken, verifyAccessToken } from '../../lib/tokens';
import { recordBehaviour } from './service';

/** The member of a batch when its token is valid; a missing, expired or forged token just makes it anonymous. */
function memberOfRequest(ctx: AppContext, deps: AppDeps): number | null {
  const token = bearerToken(ctx.get('authorization') || undefined);
  if (!token) return null;
  try {
    return Number(verifyAccessToken(deps.config.jwtSecret, 'siyu:member', token, deps.now()).sub);
  } catch {
    return null;
  }
}

/**
 * POST /api/events: the mini-program's behaviour events (product views), batched (1..50), no login needed.
 * Answers 202 { accepted } once the batch is written; a malformed batch is 400 and nothing is stored.
 */
export function behaviourRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.post('/api/events', async (ctx) => {
    const body = parseInput(behaviourEventsBodySchema, ctx.request.body, 'body');
    const accepted = await recordBehaviour(deps.db, body, memberOfRequest(ctx, deps), deps.now());
    ctx.status = 202;
    ctx.body = { accepted };
  });
  return router;
}
