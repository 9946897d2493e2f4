import { MoneyError, toFen, type Fen } from '../../money';

/** 10000 basis points = 100 %. */
export const BP_SCALE = 10_000;

/**
 * ⌊amount × bp / 10000⌋ for a non-negative amount: rounds down, so a percentage discount never takes
 * more than the rule says (at most 1 fen less). Exact without BigInt: with amount = q·10000 + r the
 * result is q·bp + ⌊r·bp / 10000⌋, and neither product leaves the safe-integer range.
 */
export function takeBp(amountFen: Fen, bp: number): Fen {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new MoneyError(`takeBp needs a non-negative amount: ${String(amountFen)}`);
  if (!Number.isInteger(bp) || bp < 0 || bp > BP_SCALE) throw new MoneyError(`basis points must be an integer 0…10000: ${String(bp)}`);
  const whole = Math.floor(amountFen / BP_SCALE);
  const rest = amountFen % BP_SCALE;
  return toFen(whole * bp + Math.floor((rest * bp) / BP_SCALE));
}
