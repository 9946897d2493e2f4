import { setTimeout as sleep } from 'node:timers/promises';
import { staffRoleSchema, type Staff } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { claimRateLimit, hitRateLimit, releaseRateLimit, windowEndsAt, type RateLimitRule } from '../../lib/rate-limit';
import { STAFF_ACCESS_TTL_SECONDS, signAccessToken } from '../../lib/tokens';
import { recordAnonymousAudit } from '../audit';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { findStaffByUsername, toStaff } from './repo';

/** Per-account lockout: 5 failed logins of one username in a 15-minute window lock it until the window ends. */
export const STAFF_LOGIN_FAILURES_PER_USER: RateLimitRule = { limit: 5, windowSeconds: 900 };
/** Failures from one client address per 15 minutes that answer at once; beyond them each failure is slowed. */
export const STAFF_LOGIN_FAILURES_PER_IP: RateLimitRule = { limit: 20, windowSeconds: 900 };
const IP_DELAY_BASE_MS = 250;
const IP_DELAY_MAX_MS = 5000;

/** The per-account lockout key of a username (known or not: unknown names lock the same way). */
export function staffLockKey(username: string): string {
  return `staff-login-fail:u:${username}`;
}

/**
 * How long the answer to a failed login waits, given the failures of its client address in the
 * window (this one included): nothing up to the per-IP allowance, then 250 ms doubling per further
 * failure, at most 5 s. Only failures wait: a correct password is never slowed or refused for its IP.
 */
export function failureDelayMs(ipFailures: number): number {
  const beyond = ipFailures - STAFF_LOGIN_FAILURES_PER_IP.limit;
  if (beyond <= 0) return 0;
  return Math.min(IP_DELAY_BASE_MS * 2 ** Math.min(beyond - 1, 16), IP_DELAY_MAX_MS);
}

/**
 * Claims one of the account's failure slots before the password is checked, so parallel guesses
 * cannot exceed the lockout (a correct password gives its slot back). Locked: 429 until the window ends.
 */
async function claimAttempt(sc: ServiceContext, username: string): Promise<void> {
  if (await claimRateLimit(sc.db, staffLockKey(username), STAFF_LOGIN_FAILURES_PER_USER, sc.now)) return;
  const lockedUntil = windowEndsAt(sc.now, STAFF_LOGIN_FAILURES_PER_USER);
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - sc.now.getTime()) / 1000));
  throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds, lockedUntil: lockedUntil.toISOString() });
}

/** A failed login: counted against the client address, audited, then answered after the progressive delay. */
async function failLogin(sc: ServiceContext, username: string, staffId: number | null): Promise<never> {
  const ipFailures = await hitRateLimit(sc.db, `staff-login-fail:ip:${sc.ip ?? 'unknown'}`, STAFF_LOGIN_FAILURES_PER_IP, sc.now);
  await recordAnonymousAudit(sc, { action: 'staff.login_failed', targetType: 'staff', targetId: staffId, after: { username }, staffId });
  const delayMs = failureDelayMs(ipFailures);
  if (delayMs > 0) await sleep(delayMs);
  throw new AppError('INVALID_CREDENTIALS');
}

/** POST /api/admin/auth/login: username + password → staff token. Failures lock the account and slow the client. */
export async function loginStaff(
  sc: ServiceContext,
  deps: AppDeps,
  username: string,
  password: string,
): Promise<{ staff: Staff; accessToken: string; accessTokenExpiresIn: number }> {
  await claimAttempt(sc, username);
  const row = await findStaffByUsername(sc.db, username);
  if (!row) {
    await burnPasswordCheck(password);
    return failLogin(sc, username, null);
  }
  if (!(await verifyPassword(row.passwordHash, password))) return failLogin(sc, username, row.id);
  await releaseRateLimit(sc.db, staffLockKey(username), STAFF_LOGIN_FAILURES_PER_USER, sc.now);
  if (row.isDisabled) throw new AppError('STAFF_DISABLED');
  const role = staffRoleSchema.parse(row.role);
  await recordAnonymousAudit(sc, { action: 'staff.login', targetType: 'staff', targetId: row.id, staffId: row.id });
  const accessToken = signAccessToken(deps.config.jwtSecret, 'siyu:staff', row.id, STAFF_ACCESS_TTL_SECONDS, sc.now, {
    ver: row.tokenVersion,
    role,
  });
  return { staff: toStaff(row), accessToken, accessTokenExpiresIn: STAFF_ACCESS_TTL_SECONDS };
}
