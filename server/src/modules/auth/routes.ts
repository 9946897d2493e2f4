import Router from '@koa/router';
import { logoutBodySchema, refreshBodySchema, wechatLoginBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { loginWithWechat, logout, refreshTokens } from './service';

/** Member authentication: WeChat login, refresh rotation, logout. */
export function authRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/auth' });
  router.post('/wechat', async (ctx) => {
    const body = parseInput(wechatLoginBodySchema, ctx.request.body, 'body');
    ctx.body = await loginWithWechat(serviceContext(ctx, deps), deps, body);
  });
  router.post('/refresh', async (ctx) => {
    const body = parseInput(refreshBodySchema, ctx.request.body, 'body');
    ctx.body = await refreshTokens(serviceContext(ctx, deps), deps, body.refreshToken);
  });
  router.post('/logout', async (ctx) => {
    const body = parseInput(logoutBodySchema, ctx.request.body, 'body');
    await logout(serviceContext(ctx, deps), body.refreshToken);
    ctx.status = 204;
  });
  return router;
}
