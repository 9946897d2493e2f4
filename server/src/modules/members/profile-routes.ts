import Router from '@koa/router';
import { z } from 'zod';
import { avatarUploadBodySchema, idParamSchema, meUpdateBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { findAvatar } from './avatar';
import { myOrderCounts, updateMe, uploadAvatar } from './profile';

const avatarParamsSchema = z.strictObject({ memberId: idParamSchema });

/** The member's own profile setup (nickname, avatar), order badges, and the avatars' public URLs. */
export function profileRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.patch('/api/me', requireMember(deps), async (ctx) => {
    const body = parseInput(meUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateMe(serviceContext(ctx, deps), deps, memberIdOf(ctx), body);
  });
  router.post('/api/me/avatar', requireMember(deps), async (ctx) => {
    const body = parseInput(avatarUploadBodySchema, ctx.request.body, 'body');
    ctx.body = await uploadAvatar(serviceContext(ctx, deps), deps, memberIdOf(ctx), body.image);
  });
  router.get('/api/me/order-counts', requireMember(deps), async (ctx) => {
    ctx.body = await myOrderCounts(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  // Public like any shop image: the URL carries the picture's digest, so it may be cached for good.
  router.get('/api/avatars/:memberId', async (ctx) => {
    const { memberId } = parseInput(avatarParamsSchema, ctx.params, 'params');
    const avatar = await findAvatar(serviceContext(ctx, deps).db, memberId);
    if (!avatar) throw new AppError('NOT_FOUND');
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('ETag', `"${avatar.digest.slice(0, 32)}"`);
    ctx.type = avatar.contentType;
    ctx.body = avatar.bytes;
  });
  return router;
}
