import crypto from 'node:crypto';

export type Arm = 'A' | 'B' | 'holdout';

/**
 * The arm of `memberId` in an experiment, deterministic: the first 32 bits of sha256(`salt:memberId`) as a
 * point in [0, 10000) basis points; below `holdoutBp` is the holdout, the rest split A / B with `splitBp` of
 * it in B (0 = no B arm). The same member always lands in the same arm of the same experiment.
 */
export function armFor(salt: string, memberId: number, holdoutBp: number, splitBp: number): Arm {
  const digest = crypto.createHash('sha256').update(`${salt}:${memberId}`).digest();
  const point = digest.readUInt32BE(0) % 10_000;
  if (point < holdoutBp) return 'holdout';
  const rest = 10_000 - holdoutBp;
  if (rest <= 0) return 'holdout';
  // Position inside the non-holdout part, scaled to basis points of it.
  const inRest = Math.floor(((point - holdoutBp) * 10_000) / rest);
  return inRest < splitBp ? 'B' : 'A';
}
