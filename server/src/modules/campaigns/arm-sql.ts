import { sql, type SQL } from 'drizzle-orm';

/**
 * The arm of `armFor` (experiments/assign.ts) in SQL, for set-based enqueues: the same point (the first 32
 * bits of sha256(`salt:id`), big-endian, mod 10000) from ONE sha256 per member — the first 8 hex digits
 * read as bit(32) — where experiments/assign-sql.ts hashes four times (once per byte), which made a million
 * members ~3× slower. `point` is the SQL of a member's point (pointSql); armCase turns it into the arm.
 */
export function pointSql(salt: string, memberIdColumn: SQL): SQL {
  return sql`(('x' || left(encode(sha256(convert_to(${salt}::text || ':' || (${memberIdColumn})::text, 'UTF8')), 'hex'), 8))::bit(32)::bigint % 10000)`;
}

export function armCase(point: SQL, holdoutBp: number, splitBp: number): SQL {
  const holdout = Math.trunc(holdoutBp);
  const split = Math.trunc(splitBp);
  if (!Number.isInteger(holdout) || !Number.isInteger(split)) throw new Error('armCase: basis points must be integers');
  const rest = 10_000 - holdout;
  if (rest <= 0) return sql`'holdout'::text`;
  return sql`(case when ${point} < ${sql.raw(String(holdout))} then 'holdout'
    when ((${point} - ${sql.raw(String(holdout))}) * 10000) / ${sql.raw(String(rest))} < ${sql.raw(String(split))} then 'B' else 'A' end)`;
}
