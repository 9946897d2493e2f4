/**
 * Product reviews (评价): a member reviews each line of a received order once — a rating, a text,
 * up to 9 photos from this server — and staff approve or reject it before the product page shows it.
 */
import { z } from 'zod';
import { cursorSchema, hasNoControlChars, idSchema, limitSchema, multilineTextSchema, textSchema } from '../common/schemas';

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** At most this many photos per review. */
export const REVIEW_MAX_IMAGES = 9;

/** A photo of a review: an image this server serves (`/media/…`), never an outside host. */
export const reviewImageSchema = z
  .string()
  .max(200)
  .regex(/^\/media\/[0-9a-f]{32}(-[tw])?\.(jpg|png|webp|gif)$/, 'must be an image uploaded to this shop')
  .refine((value) => hasNoControlChars(value), 'must not contain control characters');

/** POST /api/me/reviews: one order line of a received order, once. */
export const reviewBodySchema = z.strictObject({
  orderLineId: idSchema,
  rating: z.number().int().min(1).max(5),
  content: multilineTextSchema(500).pipe(z.string().min(5, 'at least 5 characters')),
  images: z.array(reviewImageSchema).max(REVIEW_MAX_IMAGES).default([]),
  isAnonymous: z.boolean().default(false),
});
export type ReviewBody = z.output<typeof reviewBodySchema>;

/** GET /api/products/:id/reviews and GET /api/me/reviews: newest first. */
export const reviewsQuerySchema = z.strictObject({ cursor: cursorSchema, limit: limitSchema });

/** GET /api/admin/reviews: by status (default: pending), newest first. */
export const adminReviewsQuerySchema = z.strictObject({
  status: reviewStatusSchema.default('pending'),
  productId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});

/** POST /api/admin/reviews/:id/reject: a reason the member will read. */
export const reviewRejectBodySchema = z.strictObject({ reason: textSchema(100, 2) });

/** A review as the product page shows it (approved only). */
export interface ProductReviewView {
  id: number;
  rating: number;
  content: string;
  images: string[];
  /** The reviewer's nickname, masked ("小*"), or 匿名用户. */
  author: string;
  /** The SKU specs bought, as "口味：原味 / 规格：1L×12". */
  specsText: string;
  createdAt: string;
}

/** The product page's summary: approved reviews, their average (×10, rounded down) and the good share. */
export interface ProductReviewSummaryView {
  productId: number;
  count: number;
  /** Average rating × 10 (45 = 4.5 stars); 0 without reviews. */
  averageX10: number;
  /** Share of 4- and 5-star reviews in basis points (9500 = 95 %); 0 without reviews. */
  goodRateBp: number;
  withImages: number;
  /** The latest two approved reviews. */
  latest: ProductReviewView[];
}

/** A review as its author sees it (every status) and as staff moderate it. */
export interface MyReviewView {
  id: number;
  orderId: number;
  orderLineId: number;
  productId: number;
  title: string;
  image: string | null;
  specsText: string;
  rating: number;
  content: string;
  images: string[];
  isAnonymous: boolean;
  status: ReviewStatus;
  rejectReason: string | null;
  createdAt: string;
}

export interface AdminReviewView extends MyReviewView {
  memberId: number;
  memberNickname: string;
  moderatedBy: number | null;
  moderatedAt: string | null;
}

/** A line of a received order the member has not reviewed yet (GET /api/me/reviews/to-write). */
export interface ReviewableLineView {
  orderLineId: number;
  orderId: number;
  orderNo: string;
  productId: number;
  title: string;
  image: string | null;
  specsText: string;
  receivedAt: string;
}

/** What submitting earned: the first review's growth and points (0 for later ones). */
export interface ReviewSubmitResult {
  review: MyReviewView;
  reward: { growth: number; points: number };
}

/** "口味：原味 / 规格：1L×12" (empty for a SKU without specs). */
export function reviewSpecsText(specs: Readonly<Record<string, string>>): string {
  return Object.entries(specs)
    .map(([name, value]) => `${name}：${value}`)
    .join(' / ');
}

/** "小明" → "小*"; "Lily" → "L**y"; empty → 匿名用户. */
export function maskReviewerName(nickname: string | null | undefined): string {
  const chars = [...(nickname ?? '').trim()];
  if (chars.length === 0) return '匿名用户';
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
}
