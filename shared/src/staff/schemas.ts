import { z } from 'zod';
import { staffRoleSchema } from './roles';

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'must be 3–32 lowercase letters, digits, "_", "." or "-", starting with a letter');
/** At least 10 characters; long passphrases welcome. */
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(128);

export const staffLoginBodySchema = z.strictObject({
  username: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(128),
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
  displayName: z.string().trim().min(1).max(32),
  role: staffRoleSchema,
  password: passwordSchema,
});

export const staffUpdateBodySchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(32).optional(),
    role: staffRoleSchema.optional(),
    isDisabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export const staffPasswordBodySchema = z.strictObject({ password: passwordSchema });

export const auditLogQuerySchema = z.strictObject({
  staffId: z.coerce.number().int().positive().optional(),
  action: z.string().max(64).optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  staffId: z.number().int().nullable(),
  staffRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
  createdAt: z.string(),
});
