import { z } from 'zod';
import { idSchema, textSchema } from '../common/schemas';
import { tierCodeSchema } from '../members/tiers';
import { lifecycleStageSchema } from './lifecycle';
import { rfmCellCodeSchema } from './rfm';

/**
 * A segment definition is data: AND / OR groups of conditions over member facts, tags, RFM, lifecycle,
 * tier, channels, purchases, views, coupons, points, birthday, city and consent. The server compiles it to
 * parameterised SQL (never string-built from input); `evaluate` in the server tests mirrors it in memory.
 */

/** Numeric member facts a condition can compare. Days are China-time calendar days; money is fen. */
export const SEGMENT_FACTS = [
  { code: 'paidOrders', name: '累计订单数', unit: 'count' },
  { code: 'netPaidFen', name: '累计消费', unit: 'fen' },
  { code: 'aovFen', name: '客单价', unit: 'fen' },
  { code: 'refundCount', name: '退款次数', unit: 'count' },
  { code: 'couponShareBp', name: '用券订单占比', unit: 'bp' },
  { code: 'windowOrders', name: 'RFM 窗口内订单数 (F)', unit: 'count' },
  { code: 'windowNetFen', name: 'RFM 窗口内消费 (M)', unit: 'fen' },
  { code: 'daysSinceLastOrder', name: '距最近消费天数 (R)', unit: 'days' },
  { code: 'daysSinceFirstOrder', name: '距首单天数', unit: 'days' },
  { code: 'daysSinceRegistered', name: '注册天数', unit: 'days' },
  { code: 'daysSinceLastActive', name: '距最近活跃天数', unit: 'days' },
  { code: 'rScore', name: 'R 分 (1–5)', unit: 'score' },
  { code: 'fScore', name: 'F 分 (1–5)', unit: 'score' },
  { code: 'mScore', name: 'M 分 (1–5)', unit: 'score' },
  { code: 'pointsBalance', name: '积分余额', unit: 'count' },
] as const;
export type SegmentFact = (typeof SEGMENT_FACTS)[number]['code'];
export const segmentFactSchema = z.enum(SEGMENT_FACTS.map((fact) => fact.code) as unknown as readonly [SegmentFact, ...SegmentFact[]]);

/** The consent channels a condition can name. */
export const SEGMENT_CONSENT_CHANNELS = ['sms', 'wecom', 'subscribe', 'personalized'] as const;
export type SegmentConsentChannel = (typeof SEGMENT_CONSENT_CHANNELS)[number];
/**
 * A consent without a member_consents row, as the messaging guards read it (server messaging/consent.ts
 * `consentDefault`): personalised marketing is on (PIPL art. 24 is an opt-out); SMS, WeCom and subscribe
 * marketing are not granted until the member says so.
 */
export const SEGMENT_CONSENT_DEFAULTS: Readonly<Record<SegmentConsentChannel, boolean>> = {
  sms: false,
  wecom: false,
  subscribe: false,
  personalized: true,
};

const bigInt = z.number().int().min(0).max(1_000_000_000_000);
const withinDays = z.number().int().min(1).max(3650);
const ids = z.array(idSchema).min(1).max(200);
const not = z.boolean().optional();

export const factConditionSchema = z
  .strictObject({
    type: z.literal('fact'),
    fact: segmentFactSchema,
    op: z.enum(['gte', 'lte', 'eq', 'between']),
    value: bigInt,
    /** The upper bound for 'between' (inclusive). */
    to: bigInt.optional(),
    not,
  })
  .refine((c) => (c.op === 'between' ? c.to !== undefined && c.to >= c.value : c.to === undefined), {
    message: "'between' needs to ≥ value; other operators take no 'to'",
    path: ['to'],
  });

const oneOfProductsOrCategories = (c: { productIds?: number[] | undefined; categoryIds?: number[] | undefined }) =>
  (c.productIds === undefined) !== (c.categoryIds === undefined);
const productsOrCategoriesIssue = { message: 'give productIds or categoryIds, not both', path: ['productIds'] };

/** Bought (paid, not fully refunded) in at least `minTimes` orders within the last N days. */
export const boughtConditionSchema = z
  .strictObject({
    type: z.literal('bought'),
    productIds: ids.optional(),
    categoryIds: ids.optional(),
    withinDays,
    minTimes: z.number().int().min(1).max(1000).default(1),
    not,
  })
  .refine(oneOfProductsOrCategories, productsOrCategoriesIssue);

/** Viewed within the last N days and not bought in that time. */
export const viewedNotBoughtConditionSchema = z
  .strictObject({ type: z.literal('viewedNotBought'), productIds: ids.optional(), categoryIds: ids.optional(), withinDays, not })
  .refine(oneOfProductsOrCategories, productsOrCategoriesIssue);

export const segmentConditionSchema = z.discriminatedUnion('type', [
  factConditionSchema,
  z.strictObject({ type: z.literal('rfmCell'), cells: z.array(rfmCellCodeSchema).min(1).max(8), not }),
  z.strictObject({ type: z.literal('lifecycle'), stages: z.array(lifecycleStageSchema).min(1).max(6), not }),
  z.strictObject({ type: z.literal('tier'), tiers: z.array(tierCodeSchema).min(1).max(5), not }),
  /** any: has one of them; all: has every one; none: has none of them. */
  z.strictObject({ type: z.literal('tag'), op: z.enum(['any', 'all', 'none']), tagIds: ids.max(50) }),
  /** acquisition: the member's first channel; last: the last touch's; any: ever touched through it. */
  z.strictObject({ type: z.literal('channel'), which: z.enum(['acquisition', 'last', 'any']), channelIds: ids.max(50), not }),
  boughtConditionSchema,
  viewedNotBoughtConditionSchema,
  /** Holds an unused, unexpired coupon (of these templates, or any). */
  z.strictObject({ type: z.literal('couponHeld'), templateIds: ids.max(50).optional(), not }),
  /** Used a coupon (of these templates, or any) within the last N days. */
  z.strictObject({ type: z.literal('couponUsed'), templateIds: ids.max(50).optional(), withinDays, not }),
  z.strictObject({ type: z.literal('birthdayMonth'), months: z.array(z.number().int().min(1).max(12)).min(1).max(12), not }),
  /** The city of the default address, by name as the region data spells it (e.g. 深圳市). */
  z.strictObject({ type: z.literal('city'), cities: z.array(textSchema(40)).min(1).max(100), not }),
  z.strictObject({ type: z.literal('hasPhone'), value: z.boolean() }),
  /** The member's current consent for a channel's marketing (absent = the channel's default, SEGMENT_CONSENT_DEFAULTS). */
  z.strictObject({ type: z.literal('consent'), channel: z.enum(SEGMENT_CONSENT_CHANNELS), granted: z.boolean() }),
]);
export type SegmentCondition = z.output<typeof segmentConditionSchema>;
export type SegmentConditionType = SegmentCondition['type'];

export const segmentGroupSchema = z.strictObject({
  match: z.enum(['all', 'any']),
  conditions: z.array(segmentConditionSchema).min(1).max(20),
});

/** No groups: every member. At most 10 groups and 40 conditions in all. */
export const segmentDefinitionSchema = z
  .strictObject({
    match: z.enum(['all', 'any']),
    groups: z.array(segmentGroupSchema).max(10),
  })
  .refine((d) => d.groups.reduce((n, g) => n + g.conditions.length, 0) <= 40, { message: 'at most 40 conditions in all', path: ['groups'] });
export type SegmentDefinition = z.output<typeof segmentDefinitionSchema>;
export type SegmentDefinitionInput = z.input<typeof segmentDefinitionSchema>;

/** POST /api/admin/segments/preview. */
export const segmentPreviewBodySchema = z.strictObject({ definition: segmentDefinitionSchema });

/** POST /api/admin/segments and PATCH /api/admin/segments/:id. */
export const segmentBodySchema = z.strictObject({
  name: textSchema(40),
  description: textSchema(200, 0).optional(),
  definition: segmentDefinitionSchema,
});
