import { hasNoControlChars, INT4_MAX } from '@siyu/shared';
import { AppError } from './errors';

/**
 * What one position of a cursor holds, bounded to the column it is compared with: a cursor goes back
 * into SQL, so a value the column cannot hold would be a 500 (22003, 22P02) instead of a 400.
 */
export type CursorKind = 'id' | 'int4' | 'int8' | 'text';

type CursorValue<K extends CursorKind> = K extends 'text' ? string : number;
type CursorValues<K extends readonly CursorKind[]> = { -readonly [I in keyof K]: CursorValue<K[I]> };

const INT4_MIN = -INT4_MAX - 1;

const IS_VALID: Record<CursorKind, (value: unknown) => boolean> = {
  id: (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= INT4_MAX,
  int4: (value) => Number.isInteger(value) && (value as number) >= INT4_MIN && (value as number) <= INT4_MAX,
  int8: (value) => Number.isSafeInteger(value),
  text: (value) => typeof value === 'string' && value.length <= 100 && hasNoControlChars(value),
};

/** Opaque keyset cursor: the sort value and id of the last row of a page, base64url JSON. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function parseJson(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The one cursor decoder: a cursor made by `encodeCursor` whose values match `kinds` position by
 * position (`['id']` for an id-keyed list). Anything else — not base64url JSON, another shape, a
 * number beyond its column, a control character — is 400 INVALID_CURSOR.
 */
export function decodeCursor<const K extends readonly CursorKind[]>(cursor: string, kinds: K): CursorValues<K> {
  const values = parseJson(cursor);
  const isValid = Array.isArray(values) && values.length === kinds.length && kinds.every((kind, index) => IS_VALID[kind](values[index]));
  if (!isValid) throw new AppError('INVALID_CURSOR');
  return values as CursorValues<K>;
}
