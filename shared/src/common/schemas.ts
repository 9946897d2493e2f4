import { z } from 'zod';
import { MAX_PRICE_FEN, type Fen } from '../money';

/** A price in integer fen, 0 … MAX_PRICE_FEN. Floats and strings are refused, never rounded. */
export const fenSchema = z
  .number()
  .int({ message: 'must be an integer amount of fen' })
  .min(0)
  .max(MAX_PRICE_FEN)
  .transform((value) => value as Fen);

/** A database id in a URL segment. */
export const idParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const idParamsSchema = z.strictObject({ id: idParamSchema });

/** A short, trimmed, non-empty single-line text. */
export function textSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: 'must not contain control characters' });
}

/** Page size for cursor lists: 1 … 100, default 20. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);

/** An opaque cursor from a previous page. */
export const cursorSchema = z.string().min(1).max(200).optional();

/** A cursor-paginated list response. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
