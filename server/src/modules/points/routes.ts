import Router from '@koa/router';
import { birthdayBodySchema, idParamsSchema, ledgerAdjustmentBodySchema, pointsLedgerQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { adjustPoints } from './adjust';
import { checkIn, setBirthday } from './perks';
import { ledgerPage, memberPointsForStaff, pointsLiability, pointsSummary } from './queries';

/** The member's points (/api/me/points…), daily check-in and birthday. */
export function pointsRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/me' });
  router.get('/points', requireMember(deps), async (ctx) => {
    ctx.body = await pointsSummary(deps.db, memberIdOf(ctx), deps.now());
  });
  router.get('/points/ledger', requireMember(deps), async (ctx) => {
    const query = parseInput(pointsLedgerQuerySchema, ctx.query, 'query');
    ctx.body = await ledgerPage(deps.db, memberIdOf(ctx), query);
  });
  router.post('/points/checkin', requireMember(deps), async (ctx) => {
    ctx.status = 201;
    ctx.body = await checkIn(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  router.put('/birthday', requireMember(deps), async (ctx) => {
    const body = parseInput(birthdayBodySchema, ctx.request.body, 'body');
    ctx.body = await setBirthday(serviceContext(ctx, deps), memberIdOf(ctx), body.birthday);
  });
  return router;
}

/** Staff: a member's points (members:read), adjustments (membership:adjust), the liability report (members:read). */
export function adminPointsRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin' });
  router.get('/members/:id/points', requireStaff(deps, 'members:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const query = parseInput(pointsLedgerQuerySchema, ctx.query, 'query');
    ctx.body = await memberPointsForStaff(deps.db, id, deps.now(), query);
  });
  router.post('/members/:id/points-adjustments', requireStaff(deps, 'membership:adjust'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(ledgerAdjustmentBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await adjustPoints(serviceContext(ctx, deps), id, body);
  });
  router.get('/reports/points-liability', requireStaff(deps, 'members:read'), async (ctx) => {
    ctx.body = await pointsLiability(deps.db, deps.now());
  });
  return router;
}
