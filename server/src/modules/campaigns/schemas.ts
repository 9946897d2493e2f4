import { messagePurposeSchema, sendContentSchema, textSchema } from '@siyu/shared';
import { z } from 'zod';

/** Placeholders a campaign's text may use: rendered in SQL for every recipient at once. */
export const CAMPAIGN_PLACEHOLDERS = ['member.name'] as const;

export const campaignBodySchema = z
  .strictObject({
    name: textSchema(60),
    kind: z.enum(['broadcast', 'coupon_drop']),
    /** The audience: a saved segment, or null for every member (a non-personalised broadcast). */
    segmentId: z.number().int().positive().max(2_147_483_647).nullable(),
    purpose: messagePurposeSchema.default('marketing'),
    /** The message (required for a broadcast; optional notice with a coupon drop). */
    content: sendContentSchema.nullable().optional(),
    variantB: sendContentSchema.nullable().optional(),
    couponId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    /** A coupon drop's B lure (lure A vs B): arm B of the experiment gets this coupon instead of `couponId`. */
    couponIdB: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    /** When to enqueue (a past time: at the next scan). */
    scheduledAt: z.string().datetime({ offset: true }),
    experiment: z
      .strictObject({
        /** Omitted: the store's default holdout (消息设置 › 默认对照组比例, 10 % unless changed). */
        holdoutBp: z.number().int().min(0).max(5000).optional(),
        splitBp: z.number().int().min(0).max(10_000),
        conversionDays: z.number().int().min(1).max(90),
      })
      .nullable()
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'broadcast' && !body.content) ctx.addIssue({ code: 'custom', path: ['content'], message: '群发需要消息内容' });
    if (body.kind === 'coupon_drop' && !body.couponId) ctx.addIssue({ code: 'custom', path: ['couponId'], message: '发券活动需要选择优惠券' });
    if (body.variantB && !(body.experiment && body.experiment.splitBp > 0))
      ctx.addIssue({ code: 'custom', path: ['variantB'], message: 'B 版本需要实验且 B 组比例大于 0' });
    if (body.couponIdB && body.kind !== 'coupon_drop') ctx.addIssue({ code: 'custom', path: ['couponIdB'], message: 'B 版优惠券只用于发券活动' });
    if (body.couponIdB && !(body.experiment && body.experiment.splitBp > 0))
      ctx.addIssue({ code: 'custom', path: ['couponIdB'], message: 'B 版优惠券需要实验且 B 组比例大于 0' });
    if (body.variantB && !body.content) ctx.addIssue({ code: 'custom', path: ['variantB'], message: 'B 版本需要先有 A 版本内容' });
    // WeChat allows subscribe messages for service notices only (the journeys publish check says the same).
    for (const key of ['content', 'variantB'] as const)
      if (body[key]?.channel === 'subscribe' && body.purpose !== 'service')
        ctx.addIssue({ code: 'custom', path: [key, 'channel'], message: '订阅消息只能发送服务通知，营销活动请选择短信、企业微信或站内信' });
    for (const [key, content] of [
      ['content', body.content],
      ['variantB', body.variantB],
    ] as const) {
      if (!content) continue;
      for (const [field, text] of Object.entries(content.variables)) {
        for (const match of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
          if (!(CAMPAIGN_PLACEHOLDERS as readonly string[]).includes(match[1] ?? ''))
            ctx.addIssue({ code: 'custom', path: [key, 'variables', field], message: `活动消息只能使用 {{member.name}}，不支持 {{${match[1]}}}` });
        }
      }
    }
  });
export type CampaignBody = z.output<typeof campaignBodySchema>;

export const campaignListQuerySchema = z.strictObject({
  status: z.enum(['draft', 'scheduled', 'running', 'done', 'cancelled']).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
});
