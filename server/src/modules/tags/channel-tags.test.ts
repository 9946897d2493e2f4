import { eq, sql } from 'drizzle-orm';
import type { TagGroupView } from '@siyu/shared';
import { channels, memberAttribution, tags } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { drainConsumerFully } from '../events';
import { recomputeMemberAttribution } from '../touches';
import { createChannelWithCode, insertTouch } from '../touches/test-factories';
import { backfillChannelTags, CHANNEL_TAG_GROUP, channelTagsConsumer, ensureChannelTagsBuilt } from './channel-tags';
import { createTagGroup, tagRowsOf } from './test-factories';

describe.each(testDrivers())('channel tags (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const drain = () => drainConsumerFully(t.deps.db, channelTagsConsumer);
  /** The member's channel tags as [channel id, tag name, source]. */
  const channelTagsOf = async (memberId: number) => {
    const rows = await t.deps.db
      .select({ channelId: tags.channelId, name: tags.name, source: sql<string>`member_tags.source` })
      .from(tags)
      .innerJoin(sql`member_tags`, sql`member_tags.tag_id = ${tags.id}`)
      .where(sql`member_tags.member_id = ${memberId} and ${tags.kind} = 'channel'`);
    return rows.map((row) => [row.channelId, row.name, row.source]);
  };
  /** A member acquired through `channelId`: a matched touch before registration, attributed (event emitted). */
  const attributedMember = async (channelId: number, codeId: number) => {
    const member = await createMemberDirect(t);
    await insertTouch(t, { memberId: member.id, channelId, codeId, occurredAt: new Date(Date.now() - 60_000) });
    await recomputeMemberAttribution(t.deps.db, member.id);
    return member;
  };

  it('gives an attributed member its channel tag in the group 渠道, and moves it when the attribution moves', async () => {
    const a = await createChannelWithCode(t, { name: `甲渠道${Date.now()}` });
    const b = await createChannelWithCode(t, { name: `乙渠道${Date.now()}` });
    const member = await attributedMember(a.channelId, a.codeId);
    await drain();
    expect(await channelTagsOf(member.id)).toEqual([[a.channelId, expect.stringMatching(/^甲渠道/), 'channel']]);
    // An earlier touch through B surfaces: the acquisition moves to B, and so does the tag.
    await insertTouch(t, { memberId: member.id, channelId: b.channelId, codeId: b.codeId, occurredAt: new Date(Date.now() - 120_000) });
    await recomputeMemberAttribution(t.deps.db, member.id);
    await drain();
    expect(await channelTagsOf(member.id)).toEqual([[b.channelId, expect.stringMatching(/^乙渠道/), 'channel']]);
    const groups: TagGroupView[] = (await t.request().get('/api/admin/tag-groups').set(owner.auth)).body.items;
    const group = groups.find((g) => g.name === CHANNEL_TAG_GROUP);
    expect(group?.tags.filter((tag) => tag.channelId === a.channelId || tag.channelId === b.channelId).map((tag) => [tag.kind, tag.members])).toEqual([
      ['channel', 0],
      ['channel', 1],
    ]);
  });

  it('moves the rule tags that name a channel tag with it, in the same consumer batch', async () => {
    const a = await createChannelWithCode(t, { name: `丙渠道${Date.now()}` });
    const b = await createChannelWithCode(t, { name: `丁渠道${Date.now()}` });
    const first = await attributedMember(a.channelId, a.codeId);
    await drain();
    const [channelTag] = await t.deps.db.select({ id: tags.id, groupId: tags.groupId }).from(tags).where(eq(tags.channelId, a.channelId));
    const rule = await t
      .request()
      .post('/api/admin/tags')
      .set(owner.auth)
      .send({
        groupId: (await createTagGroup(t, owner)).id,
        name: `来自丙${first.id}`,
        kind: 'rule',
        rule: { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [channelTag!.id] }] }] },
      });
    expect(rule.status).toBe(201);
    const carries = async (memberId: number) => (await tagRowsOf(t, memberId, rule.body.id as number)).length === 1;
    expect(await carries(first.id)).toBe(true);
    // A second member acquired through A gets both at once; the first moves to B and loses the rule tag.
    const second = await attributedMember(a.channelId, a.codeId);
    await insertTouch(t, { memberId: first.id, channelId: b.channelId, codeId: b.codeId, occurredAt: new Date(Date.now() - 120_000) });
    await recomputeMemberAttribution(t.deps.db, first.id);
    await drain();
    expect([await carries(first.id), await carries(second.id)]).toEqual([false, true]);
  });

  it('is idempotent: replaying the events and backfilling again change nothing', async () => {
    const a = await createChannelWithCode(t);
    const member = await attributedMember(a.channelId, a.codeId);
    await drain();
    const before = await tagRowsOf(t, member.id);
    await t.deps.db.execute(sql`update event_cursors set tx_id = 0, event_id = 0 where consumer = 'channel-tags'`);
    await drain();
    await backfillChannelTags(t.deps.db);
    expect(await tagRowsOf(t, member.id)).toEqual(before);
  });

  it('backfills members attributed before the consumer existed, and renames the tag of a renamed channel', async () => {
    const a = await createChannelWithCode(t, { name: `旧名${Date.now()}` });
    const member = await createMemberDirect(t);
    await t.deps.db.insert(memberAttribution).values({ memberId: member.id, registeredAt: new Date(), channelId: a.channelId });
    await backfillChannelTags(t.deps.db);
    expect(await channelTagsOf(member.id)).toEqual([[a.channelId, expect.stringMatching(/^旧名/), 'channel']]);
    const newName = `新名${Date.now()}`;
    await t.deps.db.update(channels).set({ name: newName }).where(eq(channels.id, a.channelId));
    const [tag] = await t.deps.db.select().from(tags).where(eq(tags.channelId, a.channelId));
    // The listing shows the channel's current name at once; the row follows on the next event or backfill.
    expect((await t.request().get(`/api/admin/tags/${tag!.id}`).set(owner.auth)).body.name).toBe(newName);
    await backfillChannelTags(t.deps.db);
    expect(await channelTagsOf(member.id)).toEqual([[a.channelId, newName, 'channel']]);
  });

  it('at start: backfills once per database, then only renames the tags of renamed channels', async () => {
    await t.deps.db.execute(sql`delete from app_meta where key = 'channel_tags_backfilled'`);
    const a = await createChannelWithCode(t, { name: `启动${Date.now()}` });
    const first = await createMemberDirect(t);
    await t.deps.db.insert(memberAttribution).values({ memberId: first.id, registeredAt: new Date(), channelId: a.channelId });
    await ensureChannelTagsBuilt(t.deps.db);
    expect(await channelTagsOf(first.id)).toEqual([[a.channelId, expect.stringMatching(/^启动/), 'channel']]);
    // A later start does not re-sync every member (the consumer keeps them), but follows a rename.
    const second = await createMemberDirect(t);
    await t.deps.db.insert(memberAttribution).values({ memberId: second.id, registeredAt: new Date(), channelId: a.channelId });
    const newName = `启动改名${Date.now()}`;
    await t.deps.db.update(channels).set({ name: newName }).where(eq(channels.id, a.channelId));
    await ensureChannelTagsBuilt(t.deps.db);
    expect(await channelTagsOf(first.id)).toEqual([[a.channelId, newName, 'channel']]);
    expect(await channelTagsOf(second.id)).toEqual([]);
  });

  it('names the tags of two channels with the same name apart; refuses manual tagging and archiving of channel tags', async () => {
    const name = `同名${Date.now()}`;
    const a = await createChannelWithCode(t, { name });
    const b = await createChannelWithCode(t, { name });
    const first = await attributedMember(a.channelId, a.codeId);
    const second = await attributedMember(b.channelId, b.codeId);
    await drain();
    expect(await channelTagsOf(first.id)).toEqual([[a.channelId, `${name}（${a.channelId}）`, 'channel']]);
    expect(await channelTagsOf(second.id)).toEqual([[b.channelId, `${name}（${b.channelId}）`, 'channel']]);
    const [tag] = await t.deps.db.select().from(tags).where(eq(tags.channelId, a.channelId));
    const add = await t
      .request()
      .post(`/api/admin/tags/${tag!.id}/members`)
      .set(owner.auth)
      .send({ memberIds: [second.id] });
    expect([add.status, add.body.error.code]).toEqual([409, 'TAG_NOT_MANUAL']);
    const archive = await t.request().post(`/api/admin/tags/${tag!.id}/archive`).set(owner.auth);
    expect([archive.status, archive.body.error.code]).toEqual([409, 'TAG_NOT_MANUAL']);
    const rename = await t.request().patch(`/api/admin/tags/${tag!.id}`).set(owner.auth).send({ name: '改名' });
    expect([rename.status, rename.body.error.code]).toEqual([409, 'TAG_NOT_MANUAL']);
    const colour = await t.request().patch(`/api/admin/tags/${tag!.id}`).set(owner.auth).send({ color: '#123456' });
    expect([colour.status, colour.body.color]).toEqual([200, '#123456']);
  });
});
