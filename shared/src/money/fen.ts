/**
 * Money is integer fen (分) everywhere. `Fen` is a branded number so that a plain number
 * (a quantity, a float yuan amount) cannot be passed where money is expected without going
 * through `toFen`, which rejects anything that is not a safe integer.
 */
export type Fen = number & { readonly __brand: 'Fen' };

/** Largest amount any single price may carry: ¥10,000,000.00. Totals stay far below 2^53. */
export const MAX_PRICE_FEN = 1_000_000_000 as Fen;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/** True when `value` is a safe integer, i.e. a valid amount of fen (may be negative for deltas). */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Brands an integer as fen; throws MoneyError on floats, NaN, Infinity or unsafe integers. */
export function toFen(value: number): Fen {
  if (!isFen(value)) throw new MoneyError(`not an integer amount of fen: ${String(value)}`);
  return value;
}

/** Adds amounts of fen, refusing to leave the safe-integer range. */
export function addFen(...amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const amount of amounts) total += amount;
  return toFen(total);
}

/** a − b in fen. */
export function subFen(a: Fen, b: Fen): Fen {
  return toFen(a - b);
}

/** Unit price × integer quantity. */
export function mulFen(unit: Fen, quantity: number): Fen {
  if (!Number.isSafeInteger(quantity)) throw new MoneyError(`quantity must be an integer: ${String(quantity)}`);
  return toFen(unit * quantity);
}

/** The larger of two amounts. */
export function maxFen(a: Fen, b: Fen): Fen {
  return (a > b ? a : b) as Fen;
}

/** The smaller of two amounts. */
export function minFen(a: Fen, b: Fen): Fen {
  return (a < b ? a : b) as Fen;
}

/**
 * Display only: 1250 → "¥12.50", -5 → "-¥0.05", 123456789 → "¥1,234,567.89".
 * Pure integer arithmetic, so no float rounding can show up in a price label.
 */
export function formatFen(amount: Fen, options: { grouping?: boolean } = {}): string {
  const value = toFen(amount);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const yuanText = options.grouping === false ? String(yuan) : String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuanText}.${String(cents).padStart(2, '0')}`;
}

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;
/** Thousands separators are accepted only in their proper places ("1,234.50", not "12,5"). */
const GROUPED_PATTERN = /^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$/;

/**
 * Parses a yuan amount typed by a person ("12", "12.5", "12.50", "¥12.50") into fen without
 * floating point. Returns null for anything else (three decimals, exponents, empty strings).
 */
export function parseYuanToFen(text: string): Fen | null {
  const bare = text.trim().replace(/^¥/, '');
  if (bare.includes(',') && !GROUPED_PATTERN.test(bare)) return null;
  const match = YUAN_PATTERN.exec(bare.replace(/,/g, ''));
  if (!match) return null;
  const [, minus, whole, fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return (minus ? -fen : fen) as Fen;
}

/** Formats fen as a plain yuan string for form inputs: 1250 → "12.50" (no currency sign, no grouping). */
export function fenToYuanString(amount: Fen): string {
  return formatFen(amount, { grouping: false }).replace('¥', '');
}
