import { z } from 'zod';
import { cursorSchema, textSchema } from '../common/schemas';
import { shopProductSummarySchema } from '../catalog/schemas';

/**
 * The shopper's own space (我的): profile setup, order badges, favourites (收藏), search hot words and
 * what an order earned. Contract shared by the server and the mini-program.
 */

/** A nickname as WeChat's `type="nickname"` input gives it: 1 … 20 characters, one line. */
export const nicknameSchema = textSchema(20);

/** PATCH /api/me: the profile fields a member sets themselves. */
export const meUpdateBodySchema = z.strictObject({ nickname: nicknameSchema });
export type MeUpdateBody = z.infer<typeof meUpdateBodySchema>;

/** Avatars are small (WeChat's chooseAvatar gives ~132 px images): at most 128 KiB once decoded. */
export const AVATAR_MAX_BYTES = 128 * 1024;

/** POST /api/me/avatar: the image as base64 (no data: prefix); its type is read from its bytes. */
export const avatarUploadBodySchema = z.strictObject({
  image: z
    .string()
    .min(16)
    .max(Math.ceil(AVATAR_MAX_BYTES / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
});

/** GET /api/me/order-counts: the badges of 我的订单. `refunding` counts refunds still in progress. */
export const orderCountsSchema = z.object({
  pendingPayment: z.number().int(),
  toShip: z.number().int(),
  toReceive: z.number().int(),
  refunding: z.number().int(),
});
export type OrderCounts = z.infer<typeof orderCountsSchema>;

export const favoriteListQuerySchema = z.strictObject({
  cursor: cursorSchema,
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** A favourite: the product as the shopper would buy it now, or null when it is no longer on sale. */
export const favoriteItemSchema = z.object({
  productId: z.number().int(),
  createdAt: z.string(),
  product: shopProductSummarySchema.nullable(),
});
export type FavoriteItem = z.infer<typeof favoriteItemSchema>;

export const favoriteStateSchema = z.object({ productId: z.number().int(), isFavorite: z.boolean() });
export type FavoriteState = z.infer<typeof favoriteStateSchema>;

/** A search hot word (热搜): what the merchant puts under the search box. */
export const hotWordSchema = textSchema(20);
export const MAX_HOT_WORDS = 20;

/** PUT /api/admin/search/hot-words: the whole list, in display order (replaces the previous one). */
export const hotWordsBodySchema = z.strictObject({
  words: z
    .array(hotWordSchema)
    .max(MAX_HOT_WORDS)
    .refine((words) => new Set(words).size === words.length, { message: 'words must be distinct' }),
});
export type HotWordsBody = z.infer<typeof hotWordsBodySchema>;

/** Points are 'pending' until the order's pending window ends; growth until the order is completed (or the delay passes). */
export const orderRewardsSchema = z.object({
  orderId: z.number().int(),
  /** Points earned by the order (first-purchase bonus included); 0 before payment. */
  points: z.number().int(),
  /** When those points become usable (null: none earned). */
  pointsAvailableAt: z.string().nullable(),
  /** Growth value: booked when credited, else the amount the order will credit. */
  growth: z.number().int(),
  isGrowthCredited: z.boolean(),
  /** How the growth is credited when not yet: on completion, or N days after payment. */
  growthCreditDelayDays: z.number().int().nullable(),
});
export type OrderRewards = z.infer<typeof orderRewardsSchema>;
