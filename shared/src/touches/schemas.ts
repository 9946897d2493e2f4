import { z } from 'zod';
import { SCENE_PATTERN } from '../channels';
import { hasNoControlChars, textSchema } from '../common/schemas';

/** An anonymous device id the mini-program keeps in its storage: 16 … 64 of [A-Za-z0-9_-]. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 characters of A-Z a-z 0-9 _ -');

/** An entry code's `scene` as WeChat allows it (≤ 32 characters of its alphabet). */
export const touchSceneSchema = z.string().regex(SCENE_PATTERN, 'must be 1-32 characters of the mini-program scene alphabet');

/** A per-recipient SMS token (`cq`). */
export const touchCqSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

/** The fields of a touch this server reads. */
const touchShape = {
  deviceId: deviceIdSchema.optional(),
  kind: z.enum(['launch', 'show']).optional(),
  /** WeChat's entry scene value (1047 scan, 1048, 1011, 1194 URL Link…). */
  wxScene: z.number().int().min(1000).max(99_999).optional(),
  scene: touchSceneSchema.optional(),
  cq: touchCqSchema.optional(),
  /** The launch query; its `scene` (URI-encoded, as QR codes deliver it) and `cq` are used when absent above. */
  query: z
    .record(textSchema(64), textSchema(600, 0))
    .refine((query) => Object.keys(query).length <= 30, 'at most 30 query parameters')
    .optional(),
  path: textSchema(200, 0).optional(),
  /** When the client saw it (queued touches); the server keeps it only within the last day, else uses its own clock. */
  at: z.iso.datetime({ offset: true }).optional(),
};

const touchFieldsSchema = z.object(touchShape);
type TouchFields = z.output<typeof touchFieldsSchema>;

/** Field names with control characters are no launch option of any WeChat version: refused, not ignored. */
function refuseOddKeys(value: object, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  for (const key of Object.keys(value)) {
    if (!hasNoControlChars(key)) ctx.addIssue({ code: 'custom', path: [...path, key], message: 'unknown field with control characters' });
  }
}

/** A touch that names nothing (no device, scene value, scene, token or query) tells nothing: refused. */
function isEmptyTouch(touch: Partial<TouchFields>, batchDeviceId: string | undefined): boolean {
  return [touch.deviceId ?? batchDeviceId, touch.wxScene, touch.scene, touch.cq, touch.query].every((field) => field === undefined);
}

/**
 * One launch or show of the mini-program. Unknown fields are ignored on purpose: WeChat's launch options carry
 * different fields by base-library version (referrerInfo, shareTicket, chatType, apiCategory…), and a touch must
 * never fail because of one we do not use; the known ones are strict.
 */
export const touchInputSchema = touchFieldsSchema.catchall(z.unknown()).superRefine((value, ctx) => refuseOddKeys(value, ctx));
export type TouchInput = TouchFields;

/** POST /api/touches: one touch, or a batch `{deviceId?, touches: [1..20]}`. */
export const touchesBodySchema = z
  .object({ ...touchShape, touches: z.array(touchInputSchema).min(1).max(20).optional() })
  .catchall(z.unknown())
  .superRefine((body, ctx) => {
    refuseOddKeys(body, ctx);
    const touches: Partial<TouchFields>[] = body.touches ?? [body];
    touches.forEach((touch, index) => {
      if (isEmptyTouch(touch, body.deviceId)) {
        ctx.addIssue({ code: 'custom', path: body.touches ? ['touches', index] : [], message: 'a touch needs a deviceId, wxScene, scene, cq or query' });
      }
    });
  });
export type TouchesBody = TouchFields & { touches?: TouchInput[] };

export const touchesAcceptedSchema = z.object({ accepted: z.number().int() });
export type TouchesAccepted = z.infer<typeof touchesAcceptedSchema>;

/** The store's attribution settings (last-touch window of orders, in days). */
export const channelSettingsSchema = z.strictObject({
  attributionWindowDays: z.number().int().min(1).max(90),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;
