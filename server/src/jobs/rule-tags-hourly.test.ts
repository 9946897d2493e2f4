import { and, eq } from 'drizzle-orm';
import type { SegmentDefinitionInput } from '@siyu/shared';
import { memberTags } from '../db/schema';
import { readsLiveData } from '../modules/segments';
import { createTagGroup, tagRowsOf } from '../modules/tags/test-factories';
import { testDrivers } from '../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';
import { chinaHour, runLiveRuleTags } from './rule-tags-hourly';

const one = (condition: Record<string, unknown>) => ({ match: 'all', groups: [{ match: 'all', conditions: [condition] }] }) as SegmentDefinitionInput;
const HOUR_MS = 3_600_000;

describe('which rule tags read live data', () => {
  it.each([
    [{ type: 'fact', fact: 'pointsBalance', op: 'gte', value: 100 }, true],
    [{ type: 'fact', fact: 'daysSinceLastOrder', op: 'gte', value: 90 }, true],
    [{ type: 'couponHeld' }, true],
    [{ type: 'couponUsed', withinDays: 30 }, true],
    [{ type: 'bought', categoryIds: [1], withinDays: 180, minTimes: 2 }, true],
    [{ type: 'birthdayMonth', months: [12] }, true],
    [{ type: 'hasPhone', value: true }, true],
    [{ type: 'fact', fact: 'aovFen', op: 'gte', value: 30_000 }, false],
    [{ type: 'fact', fact: 'couponShareBp', op: 'gte', value: 8000 }, false],
    [{ type: 'tier', tiers: ['gold'] }, false],
    [{ type: 'lifecycle', stages: ['silent'] }, false],
    [{ type: 'rfmCell', cells: ['111'] }, false],
  ])('%j → %s', (condition, live) => {
    expect(readsLiveData(one(condition) as never)).toBe(live);
  });

  it('a rule with one live condition among others is live', () => {
    const rule = { match: 'any', groups: [{ match: 'all', conditions: [{ type: 'tier', tiers: ['gold'] }, { type: 'couponHeld' }] }] };
    expect(readsLiveData(rule as never)).toBe(true);
  });
});

describe.each(testDrivers())('the hourly refresh of live rule tags (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('names the China hour', () => {
    expect(chinaHour(new Date('2026-12-05T15:59:59Z'))).toBe('2026-12-05T23');
    expect(chinaHour(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06T00');
  });

  it('moves a points-balance tag an hour after points changed without an event, once per hour; leaves event-kept rule tags alone', async () => {
    const group = await createTagGroup(t, owner);
    const post = async (name: string, rule: SegmentDefinitionInput) => {
      const res = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: group.id, name, kind: 'rule', rule });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const member = await createMemberDirect(t, 'bronze');
    const rich = await post('积分大户', one({ type: 'fact', fact: 'pointsBalance', op: 'gte', value: 100 }));
    const bronze = await post('铜卡会员', one({ type: 'tier', tiers: ['bronze'] }));
    expect(await tagRowsOf(t, member.id, rich)).toHaveLength(0);
    expect(await tagRowsOf(t, member.id, bronze)).toHaveLength(1);

    const adjust = async (delta: number) => {
      const res = await t.request().post(`/api/admin/members/${member.id}/points-adjustments`).set(owner.auth).send({ delta, reason: '客服补偿' });
      expect(res.status).toBe(201);
    };
    await adjust(150);
    expect(await tagRowsOf(t, member.id, rich)).toHaveLength(0); // no event names a points change

    // An event-kept rule tag the refresh must not touch: its row removed by hand stays removed.
    await t.deps.db.delete(memberTags).where(and(eq(memberTags.memberId, member.id), eq(memberTags.tagId, bronze)));

    const start = new Date(Math.ceil(t.clock.now().getTime() / HOUR_MS) * HOUR_MS + 60_000);
    expect(await runLiveRuleTags(t.deps, start)).toBe(true);
    expect(await tagRowsOf(t, member.id, rich)).toHaveLength(1);
    expect(await tagRowsOf(t, member.id, bronze)).toHaveLength(0);

    await adjust(-100);
    expect(await runLiveRuleTags(t.deps, new Date(start.getTime() + 30 * 60_000))).toBe(false); // same hour: claimed
    expect(await tagRowsOf(t, member.id, rich)).toHaveLength(1);
    expect(await runLiveRuleTags(t.deps, new Date(start.getTime() + HOUR_MS))).toBe(true);
    expect(await tagRowsOf(t, member.id, rich)).toHaveLength(0);
  });

  it('several processes at the turn of an hour: one refresh', async () => {
    const at = new Date(Math.ceil(t.clock.now().getTime() / HOUR_MS) * HOUR_MS + 5 * HOUR_MS);
    const runs = await Promise.all(Array.from({ length: 4 }, () => runLiveRuleTags(t.deps, at)));
    expect(runs.filter(Boolean)).toHaveLength(1);
  });
});
