import crypto from 'node:crypto';
import argon2 from 'argon2';
import type { StaffRole } from '@siyu/shared';
import { members, staff } from '../db/schema';
import { MEMBER_ACCESS_TTL_SECONDS, STAFF_ACCESS_TTL_SECONDS, signAccessToken } from '../lib/tokens';
import type { TestApp } from './test-app';

export interface TestStaff {
  id: number;
  username: string;
  password: string;
  role: StaffRole;
  /** A valid staff access token, ready for `Authorization: Bearer`. */
  token: string;
  auth: { Authorization: string };
}

/** Cheap argon2 parameters for test accounts (the service uses the library defaults). */
const FAST_ARGON2 = { type: argon2.argon2id, memoryCost: 1024, timeCost: 2, parallelism: 1 } as const;

/** Creates an enabled staff account with `role` directly in the database and signs it a token. */
export async function createStaff(t: TestApp, role: StaffRole, overrides: { username?: string; password?: string } = {}): Promise<TestStaff> {
  const username = overrides.username ?? `${role}_${crypto.randomBytes(4).toString('hex')}`;
  const password = overrides.password ?? `pw-${crypto.randomBytes(8).toString('hex')}`;
  const [row] = await t.deps.db
    .insert(staff)
    .values({ username, displayName: `${role} ${username}`, role, passwordHash: await argon2.hash(password, FAST_ARGON2) })
    .returning();
  if (!row) throw new Error('staff insert returned nothing');
  const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:staff', row.id, STAFF_ACCESS_TTL_SECONDS, t.clock.now(), {
    ver: row.tokenVersion,
    role,
  });
  return { id: row.id, username, password, role, token, auth: { Authorization: `Bearer ${token}` } };
}

export interface TestMember {
  id: number;
  openid: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** Logs a simulated WeChat user in through the real path: simulator code → POST /api/auth/wechat. */
export async function loginMember(t: TestApp, userKey: string = `u${crypto.randomBytes(5).toString('hex')}`): Promise<TestMember> {
  const { code, openid } = await t.simulator.mintLoginCode(userKey);
  const response = await t.request().post('/api/auth/wechat').send({ code });
  if (response.status !== 200) throw new Error(`member login failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as { member: { id: number }; accessToken: string; refreshToken: string };
  return {
    id: body.member.id,
    openid,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/**
 * A member inserted directly with a signed access token: for load and concurrency tests that need
 * hundreds of members without going through the (rate-limited) WeChat login.
 */
export async function createMemberDirect(t: TestApp, tierCode = 'bronze'): Promise<TestMember> {
  const openid = `odirect${crypto.randomBytes(10).toString('hex')}`;
  const [row] = await t.deps.db
    .insert(members)
    .values({ openid, nickname: openid.slice(-6), tierCode })
    .returning({ id: members.id });
  if (!row) throw new Error('member insert returned nothing');
  const accessToken = signAccessToken(t.deps.config.jwtSecret, 'siyu:member', row.id, MEMBER_ACCESS_TTL_SECONDS, t.clock.now());
  return { id: row.id, openid, accessToken, refreshToken: '', auth: { Authorization: `Bearer ${accessToken}` } };
}
