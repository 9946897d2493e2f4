import { staffRoleSchema, type Staff } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../../lib/rate-limit';
import { STAFF_ACCESS_TTL_SECONDS, signAccessToken } from '../../lib/tokens';
import { recordAnonymousAudit } from '../audit';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { findStaffByUsername, toStaff } from './repo';

/** Failed logins allowed per username and per IP in 15 minutes before 429. */
export const STAFF_LOGIN_FAILURES_PER_USER: RateLimitRule = { limit: 5, windowSeconds: 900 };
export const STAFF_LOGIN_FAILURES_PER_IP: RateLimitRule = { limit: 20, windowSeconds: 900 };

async function assertNotThrottled(sc: ServiceContext, username: string): Promise<void> {
  const byUser = await peekRateLimit(sc.db, `staff-login-fail:u:${username}`, STAFF_LOGIN_FAILURES_PER_USER, sc.now);
  const byIp = await peekRateLimit(sc.db, `staff-login-fail:ip:${sc.ip ?? 'unknown'}`, STAFF_LOGIN_FAILURES_PER_IP, sc.now);
  if (byUser >= STAFF_LOGIN_FAILURES_PER_USER.limit || byIp >= STAFF_LOGIN_FAILURES_PER_IP.limit) {
    throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: STAFF_LOGIN_FAILURES_PER_USER.windowSeconds });
  }
}

async function recordFailure(sc: ServiceContext, username: string, staffId: number | null): Promise<void> {
  await hitRateLimit(sc.db, `staff-login-fail:u:${username}`, STAFF_LOGIN_FAILURES_PER_USER, sc.now);
  await hitRateLimit(sc.db, `staff-login-fail:ip:${sc.ip ?? 'unknown'}`, STAFF_LOGIN_FAILURES_PER_IP, sc.now);
  await recordAnonymousAudit(sc, { action: 'staff.login_failed', targetType: 'staff', targetId: staffId, after: { username }, staffId });
}

/** POST /api/admin/auth/login: username + password → staff token. Failures are throttled and audited. */
export async function loginStaff(
  sc: ServiceContext,
  deps: AppDeps,
  username: string,
  password: string,
): Promise<{ staff: Staff; accessToken: string; accessTokenExpiresIn: number }> {
  await assertNotThrottled(sc, username);
  const row = await findStaffByUsername(sc.db, username);
  if (!row) {
    await burnPasswordCheck(password);
    await recordFailure(sc, username, null);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(row.passwordHash, password))) {
    await recordFailure(sc, username, row.id);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (row.isDisabled) throw new AppError('STAFF_DISABLED');
  const role = staffRoleSchema.parse(row.role);
  await recordAnonymousAudit(sc, { action: 'staff.login', targetType: 'staff', targetId: row.id, staffId: row.id });
  const accessToken = signAccessToken(deps.config.jwtSecret, 'siyu:staff', row.id, STAFF_ACCESS_TTL_SECONDS, sc.now, {
    ver: row.tokenVersion,
    role,
  });
  return { staff: toStaff(row), accessToken, accessTokenExpiresIn: STAFF_ACCESS_TTL_SECONDS };
}
