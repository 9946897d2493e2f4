import { AppError } from './errors';

/** Opaque keyset cursor: the sort value and id of the last row of a page, base64url JSON. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` values; throws INVALID_CURSOR otherwise. */
export function decodeCursor(cursor: string, arity: number): (string | number | null)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const isValid =
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)));
    if (isValid) return values as (string | number | null)[];
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR');
}
