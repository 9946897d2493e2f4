import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberAccounts, pointsLots } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db';
import { checkLedger, earnPoints, spendPoints } from './index';
import { insertMembers, serviceAt } from './test-factories';

describe.each(testDrivers())('checkLedger (%s)', (driver) => {
  let testDb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
    db = testDb.database.db;
  });
  afterAll(() => testDb.dispose());

  /** A member with 100 earned and 30 spent: balance 70, in one lot. */
  async function memberWithPoints(): Promise<number> {
    const [memberId] = await insertMembers(db, 1);
    if (memberId === undefined) throw new Error('no member');
    await db.transaction(async (tx) => {
      const sc = serviceAt(tx, new Date());
      await earnPoints(sc, { memberId, amount: 100, source: 'manual', sourceKey: `check:${memberId}`, reason: '测试' });
      await spendPoints(sc, { memberId, points: 30, operationKey: `check:${memberId}:spend`, reason: '测试' });
    });
    return memberId;
  }
  const mismatchOf = async (memberId: number) => (await checkLedger(db)).mismatches.find((found) => found.memberId === memberId);

  it('finds nothing wrong with a ledger written by the service', async () => {
    const memberId = await memberWithPoints();
    expect(await mismatchOf(memberId)).toBeUndefined();
    expect((await checkLedger(db)).members).toBeGreaterThanOrEqual(1);
  });

  it('reports a balance that is not Σ entries', async () => {
    const memberId = await memberWithPoints();
    await db.update(memberAccounts).set({ pointsBalance: 71 }).where(eq(memberAccounts.memberId, memberId));
    expect(await mismatchOf(memberId)).toEqual({ memberId, balance: 71, entries: 70, lots: 70 });
  });

  it('reports lots that do not add up to the balance', async () => {
    const memberId = await memberWithPoints();
    await db.update(pointsLots).set({ remaining: 69 }).where(eq(pointsLots.memberId, memberId));
    expect(await mismatchOf(memberId)).toEqual({ memberId, balance: 70, entries: 70, lots: 69 });
  });

  it('reports lots whose remaining moved between lots without entries (the sums still match)', async () => {
    const memberId = await memberWithPoints();
    await db.transaction(async (tx) => {
      await earnPoints(serviceAt(tx, new Date()), { memberId, amount: 50, source: 'manual', sourceKey: `check:${memberId}:2`, reason: '测试' });
    });
    const lots = await db.select().from(pointsLots).where(eq(pointsLots.memberId, memberId));
    const full = lots.find((lot) => lot.remaining === lot.amount);
    const used = lots.find((lot) => lot.remaining < lot.amount);
    await db
      .update(pointsLots)
      .set({ remaining: sql`${pointsLots.remaining} - 10` })
      .where(eq(pointsLots.id, full?.id ?? 0));
    await db
      .update(pointsLots)
      .set({ remaining: sql`${pointsLots.remaining} + 10` })
      .where(eq(pointsLots.id, used?.id ?? 0));
    expect(await mismatchOf(memberId)).toEqual({ memberId, balance: 120, entries: 120, lots: 120 });
  });
});
