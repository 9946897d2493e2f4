import { z } from 'zod';
import { rawTextSchema, textSchema } from '../common/schemas';
import { meResponseSchema } from '../members/schemas';
import { deviceIdSchema } from '../touches/schemas';

/** Launch options the mini-program read at start (QR scene, query); kept for channel attribution. */
export const launchOptionsSchema = z.strictObject({
  scene: z.number().int().min(0).max(99_999).optional(),
  path: textSchema(200, 0).optional(),
  query: z.record(textSchema(64, 0), textSchema(600, 0)).optional(),
});

export const wechatLoginBodySchema = z.strictObject({
  code: textSchema(128),
  launch: launchOptionsSchema.optional(),
  /** The mini-program's anonymous device id: its earlier touches become the member's (channel attribution). */
  deviceId: deviceIdSchema.optional(),
});
export type WechatLoginBody = z.infer<typeof wechatLoginBodySchema>;

export const refreshBodySchema = z.strictObject({ refreshToken: rawTextSchema(200, 20) });
export const logoutBodySchema = refreshBodySchema;
export const phoneBindBodySchema = z.strictObject({ code: textSchema(128) });

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshTokenExpiresIn: z.number().int(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const wechatLoginResponseSchema = tokenPairSchema.extend({
  member: meResponseSchema,
  isNewMember: z.boolean(),
});
export type WechatLoginResponse = z.infer<typeof wechatLoginResponseSchema>;
