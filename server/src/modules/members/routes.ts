import Router from '@koa/router';
import { adminMemberListQuerySchema, phoneBindBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { bindPhone, getMe, listMembers } from './service';

/** The member's own profile (/api/me) and the staff's member list (/api/admin/members; one member: member-360). */
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
  return router;
}
