import { z } from 'zod';
import { MAX_PRICE_FEN, type Fen } from '../money';

/** A price in integer fen, 0 … MAX_PRICE_FEN. Floats and strings are refused, never rounded. */
export const fenSchema = z
  .number()
  .int({ message: 'must be an integer amount of fen' })
  .min(0)
  .max(MAX_PRICE_FEN)
  .transform((value) => value as Fen);

/** The largest value of a PostgreSQL `integer` (int4): every serial id and every int column. */
export const INT4_MAX = 2_147_483_647;

/** A database id in a JSON body: an integer 1 … 2^31−1 (ids are `int4` serials). */
export const idSchema = z.number().int().min(1).max(INT4_MAX);

/**
 * A database id in a URL segment or a query string: decimal digits only (no sign, exponent, hex or
 * spaces), 1 … 2^31−1, answered as a number. A repeated query parameter (an array) is refused.
 */
export const idParamSchema = z
  .union([z.number(), z.string()])
  .transform(String)
  .pipe(z.string().regex(/^[1-9][0-9]{0,9}$/, 'must be a positive integer id'))
  .transform(Number)
  .pipe(z.number().max(INT4_MAX, 'must be at most 2147483647'));

export const idParamsSchema = z.strictObject({ id: idParamSchema });

/** C0 control characters and DEL: PostgreSQL refuses NUL in `text`, the rest only garble screens and CSVs. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/** The same, except line feed, carriage return and tab, which multi-line fields keep. */
const CONTROL_CHARS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when `value` has no control character (`multiline`: \n, \r and \t allowed). */
export function hasNoControlChars(value: string, multiline = false): boolean {
  return !(multiline ? CONTROL_CHARS_EXCEPT_LINES : CONTROL_CHARS).test(value);
}

const CONTROL_CHARS_MESSAGE = { message: 'must not contain control characters' };

/** A trimmed single-line text of `min` … `max` characters (default: non-empty), no control characters. */
export function textSchema(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => hasNoControlChars(value), CONTROL_CHARS_MESSAGE);
}

/** A trimmed multi-line text (remarks, descriptions) of at most `max` characters: line breaks and tabs allowed, other control characters not. */
export function multilineTextSchema(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((value) => hasNoControlChars(value, true), CONTROL_CHARS_MESSAGE);
}

/** An untrimmed string of `min` … `max` characters without control characters (passwords, tokens, codes). */
export function rawTextSchema(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => hasNoControlChars(value), CONTROL_CHARS_MESSAGE);
}

/** Page size for cursor lists: 1 … 100, default 20. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);

/**
 * An opaque cursor from a previous page (empty: the first page). Its content is checked where it is
 * decoded (the server's `decodeCursor`), which answers INVALID_CURSOR for anything it did not make.
 */
export const cursorSchema = rawTextSchema(200).optional();

/** A cursor-paginated list response. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
