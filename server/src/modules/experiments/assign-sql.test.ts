import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db';
import { armFor } from './assign';
import { armSql } from './assign-sql';

describe.each(testDrivers())('armSql equals armFor (%s)', (driver) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
  });
  afterAll(() => testDb.dispose());

  it.each([
    ['exp-1', 1000, 5000],
    ['盐:中文 salt', 2500, 0],
    ['s', 0, 5000],
    ['edge', 9999, 3333],
    ['all-held', 10_000, 5000],
  ])('salt %s, holdout %d bp, split %d bp: the same arm for 10,000 ids', async (salt, holdoutBp, splitBp) => {
    const rows = await queryRows<{ id: number; arm: string }>(
      testDb.database.db,
      sql`select g.id::int as id, ${armSql(salt, sql`g.id`, holdoutBp, splitBp)} as arm from generate_series(1, 10000) as g(id) order by g.id`,
    );
    expect(rows).toHaveLength(10_000);
    const mismatches = rows.filter((row) => row.arm !== armFor(salt, Number(row.id), holdoutBp, splitBp));
    expect(mismatches).toEqual([]);
    const counts = rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row.arm]: (acc[row.arm] ?? 0) + 1 }), {});
    if (holdoutBp > 0 && holdoutBp < 10_000) expect(counts.holdout).toBeGreaterThan(0);
    if (splitBp > 0 && holdoutBp < 10_000) expect(counts.B).toBeGreaterThan(0);
  });

  it('matches for ids given as a set (unnest) and for the largest int ids', async () => {
    const ids = [2_147_483_647, 1, 99_999_999];
    const rows = await queryRows<{ id: number; arm: string }>(
      testDb.database.db,
      sql`select v.id::int as id, ${armSql('big', sql`v.id`, 3000, 5000)} as arm from unnest(array[${sql.join(
        ids.map((id) => sql`${id}::int`),
        sql`, `,
      )}]) as v(id)`,
    );
    for (const row of rows) expect(row.arm).toBe(armFor('big', Number(row.id), 3000, 5000));
  });
});
