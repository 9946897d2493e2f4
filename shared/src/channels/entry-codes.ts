/**
 * Entry-code deliverables (issue 13): mini-program code images of a code or a batch, and SMS URL Links with a
 * per-recipient `cq` token. Request schemas are strict; phones are checked here and never stored plain.
 */
import { z } from 'zod';
import { idParamSchema, idSchema, textSchema } from '../common/schemas';

/** At most this many recipients in one SMS link campaign. */
export const SMS_LINK_MAX_RECIPIENTS = 100_000;
/** A mainland mobile number as SMS providers take it: 11 digits starting with 1[3-9]. */
export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/** Days a campaign's URL Link stays valid (WeChat's maximum `expire_interval`). */
export const SMS_LINK_EXPIRE_DAYS = 30;
/** Bad phones reported per request (a list of 100,000 bad numbers would be its own problem). */
const PHONE_ISSUES_SHOWN = 20;

/** GET /api/admin/channel-codes/:codeId/qrcode.png. */
export const channelCodeParamsSchema = z.strictObject({ codeId: idParamSchema });
/** GET /api/admin/code-batches/:batchId/qrcodes.zip and sheet.html. */
export const codeBatchParamsSchema = z.strictObject({ batchId: idParamSchema });

/** POST /api/admin/channels/:id/sms-links: one URL Link for the campaign, one `cq` token per distinct phone. */
export const smsLinkCreateBodySchema = z.strictObject({
  codeId: idSchema,
  label: textSchema(40, 0).default(''),
  phones: z
    .array(z.string().max(32))
    .min(1)
    .max(SMS_LINK_MAX_RECIPIENTS)
    .superRefine((phones, ctx) => {
      let reported = 0;
      phones.forEach((phone, index) => {
        if (MAINLAND_MOBILE_PATTERN.test(phone.trim()) || reported >= PHONE_ISSUES_SHOWN) return;
        reported += 1;
        ctx.addIssue({ code: 'custom', path: [index], message: 'must be an 11-digit mainland mobile number' });
      });
    }),
});
export type SmsLinkCreateBody = z.output<typeof smsLinkCreateBodySchema>;
