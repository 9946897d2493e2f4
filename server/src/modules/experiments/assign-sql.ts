import { sql, type SQL } from 'drizzle-orm';

/**
 * The SQL twin of `armFor` (assign.ts), for set-based writes (INSERT … SELECT): 'A' | 'B' | 'holdout' for the
 * member id in `memberIdColumn`. sha256 of `salt:id` (UTF-8), its first 4 bytes as a big-endian unsigned
 * integer, mod 10000; below `holdoutBp` is the holdout, the rest is scaled to basis points of itself and the
 * first `splitBp` of it is B. PostgreSQL's built-in sha256(bytea) (no extension) — works on PGlite too.
 */
export function armSql(salt: string, memberIdColumn: SQL, holdoutBp: number, splitBp: number): SQL {
  const holdout = Math.trunc(holdoutBp);
  const split = Math.trunc(splitBp);
  if (!Number.isFinite(holdout) || !Number.isFinite(split)) throw new Error('armSql: basis points must be finite');
  const rest = 10_000 - holdout;
  if (rest <= 0) return sql`'holdout'::text`;
  const digest = sql`sha256(convert_to(${salt}::text || ':' || (${memberIdColumn})::text, 'UTF8'))`;
  const point = sql`((get_byte(${digest}, 0)::bigint * 16777216 + get_byte(${digest}, 1) * 65536 + get_byte(${digest}, 2) * 256 + get_byte(${digest}, 3)) % 10000)`;
  return sql`(select case when p.point < ${sql.raw(String(holdout))} then 'holdout'
    when ((p.point - ${sql.raw(String(holdout))}) * 10000) / ${sql.raw(String(rest))} < ${sql.raw(String(split))} then 'B'
    else 'A' end from (select ${point} as point) p)`;
}
