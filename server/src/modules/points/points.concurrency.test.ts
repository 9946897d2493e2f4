import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { inTransaction } from '../../context';
import { memberAccounts, pointsEntries, pointsLots } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { checkLedger, earnPoints, spendPoints } from './index';
import { grantPoints, serviceAt, staffAuthNow } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('points under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const codesOf = (outcomes: PromiseSettledResult<unknown>[]) => {
    const codes = new Map<string, number>();
    for (const outcome of outcomes) {
      const code = outcome.status === 'fulfilled' ? 'ok' : outcome.reason instanceof AppError ? outcome.reason.code : String(outcome.reason);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    return Object.fromEntries(codes);
  };

  async function ledgerOf(memberId: number) {
    const [account] = await t.deps.db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
    const entries = await t.deps.db.select().from(pointsEntries).where(eq(pointsEntries.memberId, memberId));
    const lots = await t.deps.db.select().from(pointsLots).where(eq(pointsLots.memberId, memberId));
    return { balance: account?.pointsBalance, entries, remaining: lots.reduce((sum, lot) => sum + lot.remaining, 0) };
  }

  it('50 parallel spends of 100 by one member holding 1000 over four lots: exactly 10 succeed, balance 0', async () => {
    const member = await createMemberDirect(t);
    for (const amount of [250, 250, 250, 250]) await grantPoints(t, member.id, amount);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        inTransaction(serviceAt(t.deps.db, t.clock.now()), (tx) =>
          spendPoints(tx, { memberId: member.id, points: 100, operationKey: `race:${member.id}:${index}`, reason: '并发消费' }),
        ),
      ),
    );
    expect(codesOf(outcomes)).toEqual({ ok: 10, POINTS_INSUFFICIENT: 40 });
    const { balance, entries, remaining } = await ledgerOf(member.id);
    expect({ balance, remaining }).toEqual({ balance: 0, remaining: 0 });
    const spends = entries.filter((entry) => entry.kind === 'spend');
    expect(spends.reduce((sum, entry) => sum + entry.delta, 0)).toBe(-1000);
    expect(new Set(spends.map((entry) => entry.operationKey)).size).toBe(10);
    expect(entries.reduce((sum, entry) => sum + entry.delta, 0)).toBe(0);
  });

  it('50 parallel HTTP adjustments of −100 against 1000 points: exactly 10 × 201, the rest 409', async () => {
    const member = await createMemberDirect(t);
    await grantPoints(t, member.id, 1000);
    const auth = staffAuthNow(t, owner);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.request().post(`/api/admin/members/${member.id}/points-adjustments`).set(auth).send({ delta: -100, reason: '并发扣减' }),
      ),
    );
    const statuses = responses.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    expect(await ledgerOf(member.id)).toMatchObject({ balance: 0, remaining: 0 });
  });

  it('the same spend (one operation key) sent 20 times at once takes the points once', async () => {
    const member = await createMemberDirect(t);
    await grantPoints(t, member.id, 1000);
    const operationKey = `order:${crypto.randomInt(1e9)}:points`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        inTransaction(serviceAt(t.deps.db, t.clock.now()), (tx) => spendPoints(tx, { memberId: member.id, points: 300, operationKey, reason: '重复提交' })),
      ),
    );
    expect(codesOf(outcomes)).toEqual({ ok: 20 });
    expect(await ledgerOf(member.id)).toMatchObject({ balance: 700, remaining: 700 });
  });

  it('parallel earnings and spends of many members keep every ledger exact', async () => {
    const members = await Promise.all(Array.from({ length: 10 }, () => createMemberDirect(t)));
    const work = members.flatMap((member) => [
      ...Array.from(
        { length: 10 },
        (_, index) => () =>
          inTransaction(serviceAt(t.deps.db, t.clock.now()), (tx) =>
            earnPoints(tx, { memberId: member.id, amount: 50, source: 'manual', sourceKey: `mix:${member.id}:${index % 5}`, reason: '并发发放' }),
          ),
      ),
      ...Array.from(
        { length: 10 },
        (_, index) => () =>
          inTransaction(serviceAt(t.deps.db, t.clock.now()), (tx) =>
            spendPoints(tx, { memberId: member.id, points: 30, operationKey: `mix:${member.id}:spend:${index}`, reason: '并发消费' }),
          ),
      ),
    ]);
    await Promise.allSettled(work.sort(() => Math.random() - 0.5).map((run) => run()));
    for (const member of members) {
      const { balance, entries, remaining } = await ledgerOf(member.id);
      // Five distinct earning keys (each sent twice) credit 250; spends took what was there, 30 at a time.
      expect(entries.filter((entry) => entry.kind === 'earn').reduce((sum, entry) => sum + entry.delta, 0)).toBe(250);
      expect(balance).toBe(entries.reduce((sum, entry) => sum + entry.delta, 0));
      expect(remaining).toBe(balance);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
    expect((await checkLedger(t.deps.db)).mismatches).toEqual([]);
  });
});
