import { z } from 'zod';
import { cursorSchema, textSchema } from '../common/schemas';
import { tierCodeSchema } from './tiers';

/** The member's own profile, as returned by GET /api/me. */
export const meResponseSchema = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  tierCode: tierCodeSchema,
  hasPhone: z.boolean(),
  /** 138****5678; the full number is never sent back. */
  phoneMasked: z.string().nullable(),
  createdAt: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Staff view of a member (admin read-only list). */
export const adminMemberSchema = meResponseSchema.extend({
  openidSuffix: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AdminMember = z.infer<typeof adminMemberSchema>;

export const adminMemberListQuerySchema = z.strictObject({
  q: textSchema(40, 0).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number')
    .optional(),
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
