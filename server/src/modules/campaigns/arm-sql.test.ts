import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db';
import { armFor } from '../experiments/assign';
import { armCase, pointSql } from './arm-sql';

describe.each(testDrivers())('campaign arm SQL (%s)', (driver) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
  });
  afterAll(() => testDb.dispose());

  it.each([
    [1000, 0],
    [0, 5000],
    [2500, 3333],
    [5000, 10_000],
  ])('equals armFor on 10,000 ids (holdout %i bp, split %i bp)', async (holdoutBp, splitBp) => {
    const salt = `s${holdoutBp}-${splitBp}-盐`;
    const rows = await queryRows<{ id: number; arm: string }>(
      testDb.database.db,
      sql`select g as id, ${armCase(pointSql(salt, sql`g`), holdoutBp, splitBp)} as arm from generate_series(1, 10000) g order by g`,
    );
    const mismatches = rows.filter((row) => row.arm !== armFor(salt, Number(row.id), holdoutBp, splitBp));
    expect(rows).toHaveLength(10_000);
    expect(mismatches).toEqual([]);
  });
});
