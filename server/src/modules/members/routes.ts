import Router from '@koa/router';
import { adminMemberListQuerySchema, idParamsSchema, phoneBindBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { bindPhone, getMe, getMemberForStaff, listMembers } from './service';

/** The member's own profile (/api/me) and the staff's read-only member pages (/api/admin/members). */
export function membersRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get('/api/me', requireMember(deps), async (ctx) => {
    ctx.body = await getMe(serviceContext(ctx, deps), deps, memberIdOf(ctx));
  });
  router.post('/api/me/phone', requireMember(deps), async (ctx) => {
    const body = parseInput(phoneBindBodySchema, ctx.request.body, 'body');
    ctx.body = await bindPhone(serviceContext(ctx, deps), deps, memberIdOf(ctx), body.code);
  });
  router.get('/api/admin/members', requireStaff(deps, 'members:read'), async (ctx) => {
    const query = parseInput(adminMemberListQuerySchema, ctx.query, 'query');
    ctx.body = await listMembers(serviceContext(ctx, deps), deps, query);
  });
  router.get('/api/admin/members/:id', requireStaff(deps, 'members:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getMemberForStaff(serviceContext(ctx, deps), deps, id);
  });
  return router;
}
