import { z } from 'zod';
import { deviceIdSchema } from '../touches/schemas';

/** The behaviour event types the shop records (issue 16 adds more). */
export const BEHAVIOUR_EVENT_TYPES = ['product_view'] as const;
export type BehaviourEventType = (typeof BEHAVIOUR_EVENT_TYPES)[number];

/** The most events one POST /api/events carries. */
export const BEHAVIOUR_BATCH_MAX = 50;

/** One behaviour event: a product view (its product id; the device and client time are optional). */
export const behaviourEventSchema = z.strictObject({
  type: z.enum(BEHAVIOUR_EVENT_TYPES),
  productId: z.number().int().min(1).max(2_147_483_647),
  deviceId: deviceIdSchema.optional(),
  /** When the client saw it (queued views); the server keeps it only within the last day, else uses its own clock. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type BehaviourEventInput = z.infer<typeof behaviourEventSchema>;

/** POST /api/events: a batch of 1..50 events; a batch-level deviceId applies to events without one. */
export const behaviourEventsBodySchema = z.strictObject({
  deviceId: deviceIdSchema.optional(),
  events: z.array(behaviourEventSchema).min(1).max(BEHAVIOUR_BATCH_MAX),
});
export type BehaviourEventsBody = z.infer<typeof behaviourEventsBodySchema>;

export const behaviourEventsAcceptedSchema = z.object({ accepted: z.number().int() });
export type BehaviourEventsAccepted = z.infer<typeof behaviourEventsAcceptedSchema>;
