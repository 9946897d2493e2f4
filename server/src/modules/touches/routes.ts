import Router from '@koa/router';
import { channelSettingsSchema, touchesBodySchema, type TouchesBody } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput, type FieldIssue } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { bearerToken, verifyAccessToken } from '../../lib/tokens';
import { pendingTouchesOf, touchWriterOf } from './ingest';
import { getChannelSettings, putChannelSettings } from './settings';

/** The member of a touch when its token is valid; a missing, expired or forged token just makes it anonymous. */
function memberOfTouch(ctx: AppContext, deps: AppDeps): number | null {
  const token = bearerToken(ctx.get('authorization') || undefined);
  if (!token) return null;
  try {
    return Number(verifyAccessToken(deps.config.jwtSecret, 'siyu:member', token, deps.now()).sub);
  } catch {
    return null;
  }
}

/** The body, validated; a bad scene is said as TOUCH_SCENE_INVALID (the contract's code), anything else VALIDATION_FAILED. */
function parseTouches(body: unknown): TouchesBody {
  try {
    return parseInput(touchesBodySchema, body, 'body');
  } catch (error) {
    const issues = error instanceof AppError ? ((error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? []) : [];
    if (issues.some((issue) => /\.scene$/.test(issue.field))) throw new AppError('TOUCH_SCENE_INVALID', undefined, { issues });
    throw error;
  }
}

/**
 * POST /api/touches: the mini-program's launch and show options (no login needed). Answers 202 once the
 * group write carrying them has finished — or failed, which is logged and never the shopper's problem.
 */
export function touchRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.post('/api/touches', async (ctx) => {
    const body = parseTouches(ctx.request.body);
    const now = deps.now();
    const pending = pendingTouchesOf(body, memberOfTouch(ctx, deps), now);
    await touchWriterOf(deps).write(pending);
    ctx.status = 202;
    ctx.body = { accepted: pending.length };
  });
  return router;
}

/** The store's attribution settings: read with channels:read, write with channels:write (audited). */
export function channelSettingsRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/admin/channel-settings', requireStaff(deps, 'channels:read'), async (ctx) => {
    ctx.body = await getChannelSettings(serviceContext(ctx, deps));
  });
  router.put('/api/admin/channel-settings', requireStaff(deps, 'channels:write'), async (ctx) => {
    const body = parseInput(channelSettingsSchema, ctx.request.body, 'body');
    ctx.body = await putChannelSettings(serviceContext(ctx, deps), body);
  });
  return router;
}
