import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    openid: text('openid').notNull(),
    unionid: text('unionid'),
    nickname: text('nickname').notNull().default(''),
    avatarUrl: text('avatar_url'),
    tierCode: text('tier_code').notNull().default('bronze'),
    /** AES-256-GCM ciphertext of the phone number (iv.tag.data, base64url); the number is never stored in clear. */
    phoneCipher: text('phone_cipher'),
    /** HMAC-SHA256 of the phone number, for exact-match lookup. */
    phoneHash: text('phone_hash'),
    /** Keyed hash of the phone's last 4 digits, for the staff's partial search (`?phoneSuffix=1234`). */
    phoneSuffixHash: text('phone_suffix_hash'),
    firstLaunch: jsonb('first_launch'),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('members_openid_key').on(t.openid),
    index('members_phone_hash_idx').on(t.phoneHash),
    index('members_phone_suffix_hash_idx').on(t.phoneSuffixHash),
    /** The staff member list's default order (newest first, ties by id): its first page is an index walk. */
    index('members_created_at_id_idx').on(t.createdAt, t.id),
    check('members_tier_code_check', sql`${t.tierCode} in ('bronze','silver','gold','platinum','diamond')`),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token; the token itself is only ever in the client's hands. */
    tokenHash: text('token_hash').notNull(),
    /** All tokens descending from one login share a family; reuse of a rotated token revokes the family. */
    familyId: text('family_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash), index('refresh_tokens_family_idx').on(t.familyId)],
);

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    isDisabled: boolean('is_disabled').notNull().default(false),
    /** Bumped on disable, role change and password reset: older staff tokens stop working. */
    tokenVersion: integer('token_version').notNull().default(0),
    /** The staff member's WeCom userid (their customers' follow user): journey tasks for those customers go to them. */
    wecomUserId: text('wecom_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_username_key').on(t.username), check('staff_role_check', sql`${t.role} in ('owner','operator','service','analyst')`)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    staffId: integer('staff_id').references(() => staff.id),
    staffRole: text('staff_role'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id').notNull(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_staff_idx').on(t.staffId, t.id), index('audit_log_target_idx').on(t.targetType, t.targetId)],
);

/** Fixed-window counters for throttling (login attempts, code exchanges); incremented atomically. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** Small key/value facts about this installation (e.g. that the demo seed has run). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});
