import { z } from 'zod';
import { hasNoControlChars } from '../common/schemas';
import { messageChannelSchema, messagePurposeSchema } from '../messaging';

/**
 * A journey's definition (issue 15) is data: a trigger, a list of steps linked by id (a vertical flow with
 * branches), a goal that exits members who reach it, and re-entry rules. Publishing freezes it as a version;
 * members in flight finish the version they entered. Validated here (shape) and at publish on the server
 * (reachability, loops without a wait, template variables against the channel's limits, references).
 */

const CONTROL = { message: '不能包含控制字符' };
/** Single-line text without control characters. */
const line = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((value) => hasNoControlChars(value), CONTROL);
/** Text that may hold line breaks (message bodies), no other control characters. */
const body = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => hasNoControlChars(value, true), CONTROL);

const id = z.string().regex(/^[a-z0-9_-]{1,32}$/, '步骤 id 为 1–32 位小写字母、数字、_ 或 -');
const next = id.nullable();
const minutes = z.number().int().min(1).max(525_600);
const days = z.number().int().min(0).max(366);

/** Events from the outbox a journey can start on. */
export const JOURNEY_EVENT_TRIGGERS = [
  'member.registered',
  'order.first_paid',
  'order.paid',
  'order.completed',
  'member.tier_changed',
  'member.lifecycle_changed',
] as const;

export const journeyTriggerSchema = z.discriminatedUnion('type', [
  /** An outbox event. `toTier` / `toStage` narrow tier and lifecycle changes; `direction` up/down for tiers. */
  z
    .object({
      type: z.literal('event'),
      event: z.enum(JOURNEY_EVENT_TRIGGERS),
      /** member.lifecycle_changed: only entering this stage. */
      toStage: z
        .string()
        .max(32)
        .regex(/^[a-z_]+$/)
        .optional(),
      /** member.tier_changed: only reaching this tier. */
      toTier: z
        .string()
        .max(32)
        .regex(/^[a-z_]+$/)
        .optional(),
      direction: z.enum(['up', 'down']).optional(),
    })
    .strict(),
  /** An order still unpaid N minutes after it was created (催付). */
  z.object({ type: z.literal('order_unpaid'), minutes: z.number().int().min(1).max(1440) }).strict(),
  /** N days after an order was delivered (shipped + the carrier's delivery, or completed). */
  z.object({ type: z.literal('delivered'), days }).strict(),
  /** Items left in the cart N minutes with no order since. */
  z.object({ type: z.literal('cart_abandoned'), minutes: z.number().int().min(10).max(10_080) }).strict(),
  /** N days before the member's birthday (0 = on the day). */
  z.object({ type: z.literal('birthday'), daysBefore: days }).strict(),
  /** N days before a tier retention review would downgrade the member. */
  z.object({ type: z.literal('downgrade_warning'), daysBefore: days }).strict(),
  /** N days before a lot of the member's points expires. */
  z.object({ type: z.literal('points_expiring'), daysBefore: days }).strict(),
  /** N days before a coupon the member holds (unused) expires. */
  z.object({ type: z.literal('coupon_expiring'), daysBefore: days }).strict(),
  /**
   * N days after the member's last paid order that contains the category (repurchase cycle). With
   * `byCategoryCycle` each category the member bought is due at that category's own cycle — the median days
   * between members' purchases of it over the last year (复购分析's median, ≥ 20 repeats, at least 7 days) —
   * and at `days` while a category has too little history.
   */
  z
    .object({
      type: z.literal('repurchase_due'),
      categoryId: z.number().int().positive().max(2_147_483_647).nullable(),
      days: z.number().int().min(1).max(366),
      byCategoryCycle: z.boolean().optional(),
    })
    .strict(),
  /** The member entered a segment (seen at the segment's next evaluation). */
  z.object({ type: z.literal('segment_entered'), segmentId: z.number().int().positive().max(2_147_483_647) }).strict(),
  /** A segment's members at a time (China time), once or recurring. */
  z
    .object({
      type: z.literal('schedule'),
      segmentId: z.number().int().positive().max(2_147_483_647),
      startAt: z.string().datetime({ offset: true }),
      repeat: z.enum(['once', 'daily', 'weekly', 'monthly']),
    })
    .strict(),
]);
export type JourneyTrigger = z.infer<typeof journeyTriggerSchema>;

/**
 * Text variables: literal text with `{{name}}` placeholders from JOURNEY_PLACEHOLDERS, rendered when the
 * message intent is written. Keyed by the template's field (subscribe: `thing1`…; SMS: the template's
 * variable names; wecom / inapp: `title`, `content`).
 */
export const messageVariablesSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,31}$/), body(500));

export const sendContentSchema = z
  .object({
    channel: messageChannelSchema,
    /** subscribe: the subscribe template's key; sms: the SMS template's code; wecom / inapp: 'text'. */
    template: line(64, 1),
    variables: messageVariablesSchema,
    /** inapp and wecom: a shop page the message opens, e.g. `pages/coupons/index`. */
    link: line(200).nullable().optional(),
  })
  .strict();
export type SendContent = z.infer<typeof sendContentSchema>;

export const branchConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), segmentId: z.number().int().positive().max(2_147_483_647) }).strict(),
  z.object({ kind: z.literal('tag'), tagId: z.number().int().positive().max(2_147_483_647) }).strict(),
  /** A paid order since the member entered the journey. */
  z.object({ kind: z.literal('ordered_since_entry') }).strict(),
  /** The message sent by step `stepId` was opened / read (in-app read, link clicked). */
  z.object({ kind: z.literal('message_opened'), stepId: id }).strict(),
]);
export type BranchCondition = z.infer<typeof branchConditionSchema>;

export const journeyStepSchema = z.discriminatedUnion('type', [
  /** Waits a duration, or until the next time of day (China time). */
  z
    .object({
      id,
      type: z.literal('wait'),
      minutes: minutes.optional(),
      untilTime: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .optional(),
      next,
    })
    .strict(),
  z.object({ id, type: z.literal('branch'), condition: branchConditionSchema, yes: next, no: next }).strict(),
  /**
   * Sends one message (an intent: guards run at send time). `variants.B` replaces the content for arm B of
   * the journey's experiment; `fallback` is tried when the send is skipped (no grant, no consent, WeCom timeout…).
   */
  z
    .object({
      id,
      type: z.literal('send'),
      content: sendContentSchema,
      variants: z.object({ B: sendContentSchema }).strict().optional(),
      fallback: sendContentSchema.nullable().optional(),
      next,
    })
    .strict(),
  /** Grants a coupon; `variants.B.couponId` is the lure arm B of the journey's experiment gets instead (lure A vs B). */
  z
    .object({
      id,
      type: z.literal('grant_coupon'),
      couponId: z.number().int().positive().max(2_147_483_647),
      variants: z
        .object({ B: z.object({ couponId: z.number().int().positive().max(2_147_483_647) }).strict() })
        .strict()
        .optional(),
      next,
    })
    .strict(),
  z.object({ id, type: z.literal('grant_points'), points: z.number().int().min(1).max(100_000), reason: line(60, 1), next }).strict(),
  z.object({ id, type: z.literal('tag'), action: z.enum(['add', 'remove']), tagId: z.number().int().positive().max(2_147_483_647), next }).strict(),
  /** A task for the member's owner staff (their WeCom follow user), or the unassigned queue. */
  z
    .object({
      id,
      type: z.literal('task'),
      kind: z.enum(['call', 'wecom_message']),
      title: line(60, 1),
      script: body(1000),
      dueInHours: z.number().int().min(1).max(720),
      next,
    })
    .strict(),
]);
export type JourneyStep = z.infer<typeof journeyStepSchema>;

export const journeyDefinitionSchema = z
  .object({
    trigger: journeyTriggerSchema,
    /** marketing journeys pass every guard (consent, PIPL switch, caps, quiet hours); service ones only the channel's own rules. */
    purpose: messagePurposeSchema,
    entryStepId: id,
    steps: z.array(journeyStepSchema).min(1).max(50),
    /** Members who pay an order within `withinDays` of entering leave the journey (goal reached). null = no goal. */
    goal: z
      .object({ event: z.literal('order.paid'), withinDays: z.number().int().min(1).max(90) })
      .strict()
      .nullable(),
    /** once: a member enters at most once; after_exit: again once the last run ended; every_time: each occurrence. cooldownDays between entries. */
    reentry: z.object({ mode: z.enum(['once', 'after_exit', 'every_time']), cooldownDays: z.number().int().min(0).max(365) }).strict(),
    /** A/B: arms A (and B when a send step has variants.B) plus a holdout that receives nothing. */
    experiment: z
      .object({ holdoutBp: z.number().int().min(0).max(5000), splitBp: z.number().int().min(0).max(10_000), conversionDays: z.number().int().min(1).max(90) })
      .strict()
      .nullable(),
  })
  .strict();
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;

/**
 * Placeholders a variable may use, with the longest text each renders to and a sample of that length and
 * kind (publish-time checks render each placeholder as its sample and check the channel's limits).
 * Rendered by the engine when it writes the intent.
 */
export const JOURNEY_PLACEHOLDERS: Readonly<Record<string, { label: string; maxLength: number; sample: string }>> = {
  'member.name': { label: '会员昵称', maxLength: 10, sample: '会员昵称会员昵称会员' },
  'member.tier': { label: '会员等级', maxLength: 6, sample: '至尊黑钻会员' },
  'member.points': { label: '积分余额', maxLength: 9, sample: '999999999' },
  'shop.name': { label: '店铺名', maxLength: 12, sample: '私域商城旗舰店私域商城旗' },
  'order.no': { label: '订单号', maxLength: 24, sample: '202612061234567890ABCDEF' },
  'order.amount': { label: '订单金额', maxLength: 12, sample: '¥99999999.99' },
  'order.item': { label: '商品名', maxLength: 20, sample: '商品名称商品名称商品名称商品名称商品名称' },
  'coupon.name': { label: '优惠券名', maxLength: 20, sample: '优惠券名优惠券名优惠券名优惠券名优惠券名' },
  'coupon.expiresAt': { label: '优惠券到期日', maxLength: 10, sample: '2026-12-31' },
  'points.expiring': { label: '将过期积分', maxLength: 9, sample: '999999999' },
  'points.expiresAt': { label: '积分过期日', maxLength: 10, sample: '2026-12-31' },
  'tier.name': { label: '新等级', maxLength: 6, sample: '至尊黑钻会员' },
  /** SMS only: the per-recipient URL Link token (cq) the template's fixed link text ends with. */
  link: { label: '专属链接参数', maxLength: 10, sample: 'AbCdEf1234' },
};

/** A `{{name}}` placeholder in a variable's text (global: use with matchAll / replace). */
export const JOURNEY_PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;

/** Placeholders in `text` that JOURNEY_PLACEHOLDERS does not know. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(JOURNEY_PLACEHOLDER_PATTERN)].map((match) => match[1]!).filter((name) => !(name in JOURNEY_PLACEHOLDERS));
}

/** `text` with each placeholder as its longest sample (digits for amounts and points): what the limits are checked on. */
export function longestRendering(text: string): string {
  return text.replace(JOURNEY_PLACEHOLDER_PATTERN, (_, name: string) => JOURNEY_PLACEHOLDERS[name]?.sample ?? '');
}

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];
export const JOURNEY_STATUS_NAMES: Readonly<Record<JourneyStatus, string>> = { draft: '草稿', active: '运行中', paused: '已暂停', archived: '已归档' };

/** An enrollment's state: active (a step is due at next_run_at), waiting (a send awaits WeCom confirmation), then one of the ends. */
export const ENROLLMENT_STATUSES = ['active', 'waiting', 'completed', 'goal', 'exited', 'holdout'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** The nine built-in templates (GET /api/admin/journeys/templates), from the playbooks. */
export const JOURNEY_TEMPLATE_KEYS = [
  'welcome',
  'unpaid_reminder',
  'review_request',
  'repurchase',
  'winback_sms',
  'birthday',
  'points_expiry',
  'coupon_expiry',
  'tier_change',
] as const;
export type JourneyTemplateKey = (typeof JOURNEY_TEMPLATE_KEYS)[number];
