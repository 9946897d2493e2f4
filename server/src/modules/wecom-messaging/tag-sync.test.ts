import { and, eq } from 'drizzle-orm';
import { memberTags, tagGroups, tags } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncCorpTags } from './tag-sync';
import { linkWecomContact, randomUserId } from './test-factories';

describe.each(testDrivers())('corp-tag sync (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('creates the corp tags, marks the contacts, sends nothing on a re-run, unmarks a removed tag; parallel runs do it once', async () => {
    const [group] = await t.deps.db.insert(tagGroups).values({ name: '客户价值' }).returning();
    const [vip, repeat] = await t.deps.db
      .insert(tags)
      .values([
        { groupId: group?.id ?? 0, name: '高价值客户', kind: 'manual' },
        { groupId: group?.id ?? 0, name: '复购客户', kind: 'manual' },
      ])
      .returning();
    if (!vip || !repeat) throw new Error('no tags');
    const withContact = await createMemberDirect(t);
    const withoutContact = await createMemberDirect(t);
    const ext = await linkWecomContact(t, withContact.id, randomUserId());
    await t.deps.db.insert(memberTags).values([
      { memberId: withContact.id, tagId: vip.id, source: 'manual' },
      { memberId: withContact.id, tagId: repeat.id, source: 'manual' },
      { memberId: withoutContact.id, tagId: vip.id, source: 'manual' },
    ]);

    const runs = await Promise.all([syncCorpTags(t.deps), syncCorpTags(t.deps), syncCorpTags(t.deps)]);
    expect(runs.filter((run) => run.ran)).toHaveLength(1);
    expect(runs.find((run) => run.ran)).toMatchObject({ createdTags: 2, marked: 2, unmarked: 0, failedContacts: 0 });
    expect(await t.wecomSimulator.contactTagNames(ext)).toEqual(['复购客户', '高价值客户'].sort());

    const calls = t.wecomSimulator.calls.markTag;
    expect(await syncCorpTags(t.deps)).toMatchObject({ ran: true, createdTags: 0, marked: 0, unmarked: 0 });
    expect(t.wecomSimulator.calls.markTag).toBe(calls);

    await t.deps.db.delete(memberTags).where(and(eq(memberTags.memberId, withContact.id), eq(memberTags.tagId, repeat.id)));
    expect(await syncCorpTags(t.deps)).toMatchObject({ createdTags: 0, marked: 0, unmarked: 1 });
    expect(await t.wecomSimulator.contactTagNames(ext)).toEqual(['高价值客户']);
  });
});
