import { z } from 'zod';
import { hasNoControlChars, idParamSchema } from '../common/schemas';

/** A WeCom userid or group chat id: what WeCom issues (letters, digits, "_" and "-"). */
const wecomIdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);

/** `POST /api/admin/channel-codes/:codeId/wecom`: the code's id. */
export const wecomCodeParamsSchema = z.strictObject({ codeId: idParamSchema });

/**
 * `POST /api/admin/channel-codes/:codeId/wecom`: for a wecom channel a contact-me code for `userIds` (default:
 * the configured members), for a community channel a group join code for 1–5 seed `chatIds`.
 */
export const wecomCodeBodySchema = z.strictObject({
  userIds: z.array(wecomIdSchema).min(1).max(100).optional(),
  chatIds: z.array(wecomIdSchema).min(1).max(5).optional(),
  remark: z
    .string()
    .trim()
    .max(30)
    .refine((value) => hasNoControlChars(value), 'must not contain control characters')
    .optional(),
});
export type WecomCodeBody = z.infer<typeof wecomCodeBodySchema>;

/** The WeCom code of an entry code. */
export interface WecomCodeView {
  codeId: number;
  scene: string;
  wecomKind: 'contact_way' | 'join_way';
  wecomConfigId: string;
  wecomQrUrl: string;
}
