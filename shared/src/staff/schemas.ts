import { z } from 'zod';
import { cursorSchema, idParamSchema, rawTextSchema, textSchema } from '../common/schemas';
import { staffRoleSchema } from './roles';

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'must be 3–32 lowercase letters, digits, "_", "." or "-", starting with a letter');
/** At least 10 characters; long passphrases welcome. */
export const passwordSchema = rawTextSchema(128).min(10, 'must be at least 10 characters');

export const staffLoginBodySchema = z.strictObject({
  username: textSchema(32),
  password: rawTextSchema(128, 1),
});

export const staffSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  isDisabled: z.boolean(),
  createdAt: z.string(),
});
export type Staff = z.infer<typeof staffSchema>;

/** A staff account as the 员工 page lists it, with its login lockout: failures in the window and until when it is locked. */
export const staffListItemSchema = staffSchema.extend({
  loginFailures: z.number().int(),
  /** ISO time the lockout ends; null when the account is not locked. */
  lockedUntil: z.string().nullable(),
});
export type StaffListItem = z.infer<typeof staffListItemSchema>;

export const staffLoginResponseSchema = z.object({
  staff: staffSchema,
  accessToken: z.string(),
  accessTokenExpiresIn: z.number().int(),
});

export const staffCreateBodySchema = z.strictObject({
  username: usernameSchema,
  displayName: textSchema(32),
  role: staffRoleSchema,
  password: passwordSchema,
});

export const staffUpdateBodySchema = z
  .strictObject({
    displayName: textSchema(32).optional(),
    role: staffRoleSchema.optional(),
    isDisabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export const staffPasswordBodySchema = z.strictObject({ password: passwordSchema });

export const auditLogQuerySchema = z.strictObject({
  staffId: idParamSchema.optional(),
  action: textSchema(64, 0).optional(),
  targetType: textSchema(32, 0).optional(),
  targetId: textSchema(64, 0).optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  staffId: z.number().int().nullable(),
  staffRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** The target's name when it still exists (商品 title, order number, staff display name …). */
  targetName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
  createdAt: z.string(),
});
