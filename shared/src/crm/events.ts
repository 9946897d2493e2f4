import { z } from 'zod';
import { textSchema } from '../common/schemas';
import { deviceIdSchema } from '../touches/schemas';

/** The behaviour event types the shop records (issue 16: page views, product views, carts, checkouts, shares). */
export const BEHAVIOUR_EVENT_TYPES = ['page_view', 'product_view', 'add_to_cart', 'checkout_start', 'share'] as const;
export type BehaviourEventType = (typeof BEHAVIOUR_EVENT_TYPES)[number];

/** The most events one POST /api/events carries. */
export const BEHAVIOUR_BATCH_MAX = 50;
/** The longest page path a page_view names. */
export const BEHAVIOUR_PAGE_MAX = 64;
/** Where a share went. */
export const BEHAVIOUR_SHARE_TARGETS = ['friend', 'timeline'] as const;
export type BehaviourShareTarget = (typeof BEHAVIOUR_SHARE_TARGETS)[number];

const idSchema = z.number().int().min(1).max(2_147_483_647);

/** The fields every event may carry: the device and the client time are optional. */
const common = {
  deviceId: deviceIdSchema.optional(),
  /** When the client saw it (queued events); the server keeps it only within the last day, else uses its own clock. */
  at: z.iso.datetime({ offset: true }).optional(),
};

/** A page shown: its path (`pages/index/index`), no product. */
export const pageViewEventSchema = z.strictObject({ type: z.literal('page_view'), page: textSchema(BEHAVIOUR_PAGE_MAX), ...common });
/** A product page opened. */
export const productViewEventSchema = z.strictObject({ type: z.literal('product_view'), productId: idSchema, ...common });
/** A product put in the cart: its product, optionally its SKU, and how many. */
export const addToCartEventSchema = z.strictObject({
  type: z.literal('add_to_cart'),
  productId: idSchema,
  skuId: idSchema.optional(),
  quantity: z.number().int().min(1).max(9999),
  ...common,
});
/** The checkout page submitted (no product; optionally how many lines). */
export const checkoutStartEventSchema = z.strictObject({
  type: z.literal('checkout_start'),
  itemCount: z.number().int().min(1).max(999).optional(),
  ...common,
});
/** A share to a friend or the timeline, optionally of a product. */
export const shareEventSchema = z.strictObject({
  type: z.literal('share'),
  productId: idSchema.optional(),
  target: z.enum(BEHAVIOUR_SHARE_TARGETS),
  ...common,
});

/** One behaviour event: strict per type (a field of another type is refused). */
export const behaviourEventSchema = z.discriminatedUnion('type', [
  pageViewEventSchema,
  productViewEventSchema,
  addToCartEventSchema,
  checkoutStartEventSchema,
  shareEventSchema,
]);
export type BehaviourEventInput = z.infer<typeof behaviourEventSchema>;

/** POST /api/events: a batch of 1..50 events; a batch-level deviceId applies to events without one. */
export const behaviourEventsBodySchema = z.strictObject({
  deviceId: deviceIdSchema.optional(),
  events: z.array(behaviourEventSchema).min(1).max(BEHAVIOUR_BATCH_MAX),
});
export type BehaviourEventsBody = z.infer<typeof behaviourEventsBodySchema>;

export const behaviourEventsAcceptedSchema = z.object({ accepted: z.number().int() });
export type BehaviourEventsAccepted = z.infer<typeof behaviourEventsAcceptedSchema>;
