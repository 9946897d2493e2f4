import { eq } from 'drizzle-orm';
import { roleCan, staffRoleSchema, type Permission } from '@siyu/shared';
import type { AppDeps } from '../deps';
import { staff } from '../db/schema';
import { AppError } from '../lib/errors';
import { bearerToken, verifyAccessToken } from '../lib/tokens';
import type { AppContext, AppMiddleware } from './types';

function authenticateMember(ctx: AppContext, deps: AppDeps): boolean {
  const token = bearerToken(ctx.get('authorization') || undefined);
  if (!token) return false;
  const payload = verifyAccessToken(deps.config.jwtSecret, 'siyu:member', token, deps.now());
  ctx.state.memberId = Number(payload.sub);
  return true;
}

/** The authenticated member of a route guarded by `requireMember`. */
export function memberIdOf(ctx: AppContext): number {
  if (ctx.state.memberId === undefined) throw new Error('member route without requireMember');
  return ctx.state.memberId;
}

/** Member routes: a valid member access token is required (401 otherwise). */
export function requireMember(deps: AppDeps): AppMiddleware {
  return async (ctx, next) => {
    if (!authenticateMember(ctx, deps)) throw new AppError('UNAUTHENTICATED');
    await next();
  };
}

/** Shop routes open to guests: a token, when sent, must be valid (so the client refreshes it). */
export function optionalMember(deps: AppDeps): AppMiddleware {
  return async (ctx, next) => {
    authenticateMember(ctx, deps);
    await next();
  };
}

/**
 * Staff routes: a valid staff token of an enabled account whose token version still matches
 * (disabling, a role change or a password reset end older sessions), and the permission (null: any role).
 */
export function requireStaff(deps: AppDeps, permission: Permission | null): AppMiddleware {
  return async (ctx, next) => {
    const token = bearerToken(ctx.get('authorization') || undefined);
    if (!token) throw new AppError('UNAUTHENTICATED');
    const payload = verifyAccessToken(deps.config.jwtSecret, 'siyu:staff', token, deps.now());
    const [row] = await deps.db
      .select()
      .from(staff)
      .where(eq(staff.id, Number(payload.sub)));
    if (!row || row.tokenVersion !== payload.ver) throw new AppError('TOKEN_INVALID');
    if (row.isDisabled) throw new AppError('STAFF_DISABLED');
    const role = staffRoleSchema.parse(row.role);
    ctx.state.staff = { id: row.id, role, username: row.username };
    if (permission && !roleCan(role, permission)) throw new AppError('FORBIDDEN', undefined, { permission });
    await next();
  };
}
