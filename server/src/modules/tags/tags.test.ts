import type { TagGroupView, TagView } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { createManualTag, createTagGroup, insertMembers, membersOfTag } from './test-factories';

const RULE = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'aovFen', op: 'gte', value: 30_000 }] }] };

describe.each(testDrivers())('tags admin API (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    operator = await createStaff(t, 'operator');
  });
  afterAll(() => t.close());

  const groups = async (): Promise<TagGroupView[]> => (await t.request().get('/api/admin/tag-groups').set(owner.auth)).body.items;

  describe('tag groups', () => {
    it('creates, renames and deletes an empty group, auditing each', async () => {
      const group = await createTagGroup(t, operator, { name: '兴趣偏好', sort: 3 });
      expect(group).toMatchObject({ name: '兴趣偏好', sort: 3, tags: [] });
      const renamed = await t.request().patch(`/api/admin/tag-groups/${group.id}`).set(operator.auth).send({ name: '兴趣' });
      expect([renamed.status, renamed.body.name]).toEqual([200, '兴趣']);
      expect((await t.request().delete(`/api/admin/tag-groups/${group.id}`).set(operator.auth)).status).toBe(204);
      expect((await groups()).some((g) => g.id === group.id)).toBe(false);
      for (const action of ['tag_group.create', 'tag_group.update', 'tag_group.delete']) expect(await auditRows(t, action, group.id)).toHaveLength(1);
    });

    it('refuses a taken name with TAG_GROUP_NAME_TAKEN, on create and rename', async () => {
      const a = await createTagGroup(t, owner);
      const b = await createTagGroup(t, owner);
      const dup = await t.request().post('/api/admin/tag-groups').set(owner.auth).send({ name: a.name });
      expect([dup.status, dup.body.error.code]).toEqual([409, 'TAG_GROUP_NAME_TAKEN']);
      const rename = await t.request().patch(`/api/admin/tag-groups/${b.id}`).set(owner.auth).send({ name: a.name });
      expect([rename.status, rename.body.error.code]).toEqual([409, 'TAG_GROUP_NAME_TAKEN']);
    });

    it('refuses to delete a group that holds a tag (TAG_GROUP_NOT_EMPTY) and an unknown one (404)', async () => {
      const tag = await createManualTag(t, owner);
      const res = await t.request().delete(`/api/admin/tag-groups/${tag.groupId}`).set(owner.auth);
      expect([res.status, res.body.error.code]).toEqual([409, 'TAG_GROUP_NOT_EMPTY']);
      const missing = await t.request().delete('/api/admin/tag-groups/2147483647').set(owner.auth);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'TAG_GROUP_NOT_FOUND']);
    });
  });

  describe('POST /api/admin/tags', () => {
    it('creates a manual tag and a rule tag; lists them in their group with live member counts', async () => {
      const group = await createTagGroup(t, owner);
      const manual = await createManualTag(t, owner, { groupId: group.id, name: '老客', color: '#ff8800', description: '门店老客' });
      expect(manual).toMatchObject({
        groupId: group.id,
        name: '老客',
        kind: 'manual',
        color: '#ff8800',
        rule: null,
        channelId: null,
        status: 'active',
        members: 0,
      });
      const rule = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: group.id, name: '高客单', kind: 'rule', rule: RULE });
      expect([rule.status, rule.body.kind, rule.body.rule]).toEqual([201, 'rule', RULE]);
      const ids = await insertMembers(t, 3);
      await t.request().post(`/api/admin/tags/${manual.id}/members`).set(owner.auth).send({ memberIds: ids });
      const listed = (await groups()).find((g) => g.id === group.id);
      expect(listed?.tags.map((tag) => [tag.name, tag.members])).toEqual([
        ['老客', 3],
        ['高客单', 0],
      ]);
      expect((await t.request().get(`/api/admin/tags/${manual.id}`).set(owner.auth)).body).toMatchObject({ id: manual.id, members: 3 });
      expect(await auditRows(t, 'tag.create', manual.id)).toHaveLength(1);
    });

    it.each([
      ['a channel kind', { kind: 'channel' }, 400, 'VALIDATION_FAILED'],
      ['a rule tag without a rule', { kind: 'rule' }, 400, 'VALIDATION_FAILED'],
      ['a manual tag with a rule', { rule: RULE }, 400, 'VALIDATION_FAILED'],
      [
        'a malformed rule',
        { kind: 'rule', rule: { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'shoeSize' }] }] } },
        400,
        'VALIDATION_FAILED',
      ],
      ['a bad colour', { color: 'red' }, 400, 'VALIDATION_FAILED'],
      ['a name over 20 characters', { name: '一'.repeat(21) }, 400, 'VALIDATION_FAILED'],
      ['an unknown group', { groupId: 2_147_483_647 }, 404, 'TAG_GROUP_NOT_FOUND'],
    ])('refuses %s and writes nothing', async (_name, override, status, code) => {
      const group = await createTagGroup(t, owner);
      const res = await t
        .request()
        .post('/api/admin/tags')
        .set(owner.auth)
        .send({ groupId: group.id, name: '某标签', kind: 'manual', ...override });
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect((await groups()).find((g) => g.id === group.id)?.tags).toEqual([]);
    });

    it('refuses a rule naming an unknown tag or a rule tag, with the condition path', async () => {
      const group = await createTagGroup(t, owner);
      const ruleTag = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: group.id, name: '规则', kind: 'rule', rule: RULE });
      const manual = await createManualTag(t, owner, { groupId: group.id });
      for (const tagIds of [[manual.id, 2_147_483_647], [ruleTag.body.id as number]]) {
        const rule = { match: 'all', groups: [{ match: 'all', conditions: [RULE.groups[0]!.conditions[0], { type: 'tag', op: 'any', tagIds }] }] };
        const res = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: group.id, name: '嵌套', kind: 'rule', rule });
        expect([res.status, res.body.error.code, res.body.error.details[0].path]).toEqual([400, 'SEGMENT_DEFINITION_INVALID', 'groups.0.conditions.1.tagIds']);
      }
      const fine = { match: 'any', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [manual.id] }] }] };
      expect((await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: group.id, name: '嵌套', kind: 'rule', rule: fine })).status).toBe(201);
    });

    it('applies a rule tag at once on create and on a rule change; refuses an unknown channel in a rule', async () => {
      const vip = await createManualTag(t, owner);
      const ids = await insertMembers(t, 3);
      await t
        .request()
        .post(`/api/admin/tags/${vip.id}/members`)
        .set(owner.auth)
        .send({ memberIds: ids.slice(0, 2) });
      const onVip = (op: string) => ({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op, tagIds: [vip.id] }] }] });
      const created = await t
        .request()
        .post('/api/admin/tags')
        .set(owner.auth)
        .send({ groupId: vip.groupId, name: '贵宾规则', kind: 'rule', rule: onVip('any') });
      expect([created.status, created.body.members]).toEqual([201, 2]);
      expect(await membersOfTag(t, created.body.id)).toEqual(ids.slice(0, 2));
      const changed = await t
        .request()
        .patch(`/api/admin/tags/${created.body.id}`)
        .set(owner.auth)
        .send({ rule: onVip('none') });
      expect(changed.status).toBe(200);
      const carriers = await membersOfTag(t, created.body.id);
      expect(carriers).toContain(ids[2]);
      expect(carriers).not.toContain(ids[0]);
      const badChannel = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'channel', which: 'acquisition', channelIds: [2_147_483_647] }] }] };
      const res = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: vip.groupId, name: '渠道规则', kind: 'rule', rule: badChannel });
      expect([res.status, res.body.error.code, res.body.error.details[0].path]).toEqual([
        400,
        'SEGMENT_DEFINITION_INVALID',
        'groups.0.conditions.0.channelIds',
      ]);
    });

    it('refuses a taken name in the same group (TAG_NAME_TAKEN) and allows it in another', async () => {
      const tag = await createManualTag(t, owner);
      const dup = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: tag.groupId, name: tag.name, kind: 'manual' });
      expect([dup.status, dup.body.error.code]).toEqual([409, 'TAG_NAME_TAKEN']);
      const other = await createTagGroup(t, owner);
      expect((await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: other.id, name: tag.name, kind: 'manual' })).status).toBe(201);
    });
  });

  describe('PATCH /api/admin/tags/:id and archive', () => {
    it('edits a tag and audits before and after; a rule on a manual tag is refused', async () => {
      const tag = await createManualTag(t, owner);
      const res = await t.request().patch(`/api/admin/tags/${tag.id}`).set(owner.auth).send({ name: '改名', color: null, description: '说明' });
      expect(res.body).toMatchObject({ name: '改名', color: null, description: '说明' });
      const [audit] = await auditRows(t, 'tag.update', tag.id);
      expect(audit).toMatchObject({ before: { name: tag.name }, after: { name: '改名' } });
      const rule = await t.request().patch(`/api/admin/tags/${tag.id}`).set(owner.auth).send({ rule: RULE });
      expect([rule.status, rule.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const missing = await t.request().patch('/api/admin/tags/2147483647').set(owner.auth).send({ name: '无' });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'TAG_NOT_FOUND']);
    });

    it('archives: the tag leaves its members, stays listed, and refuses new members with TAG_ARCHIVED', async () => {
      const tag = await createManualTag(t, owner);
      const ids = await insertMembers(t, 2);
      await t.request().post(`/api/admin/tags/${tag.id}/members`).set(owner.auth).send({ memberIds: ids });
      const archived = await t.request().post(`/api/admin/tags/${tag.id}/archive`).set(owner.auth);
      expect(archived.body).toMatchObject({ status: 'archived', members: 0 });
      expect((await auditRows(t, 'tag.archive', tag.id))[0]?.after).toEqual({ status: 'archived', removed: 2 });
      const again = await t.request().post(`/api/admin/tags/${tag.id}/archive`).set(owner.auth);
      expect([again.status, again.body.status]).toEqual([200, 'archived']);
      const add = await t.request().post(`/api/admin/tags/${tag.id}/members`).set(owner.auth).send({ memberIds: ids });
      expect([add.status, add.body.error.code]).toEqual([409, 'TAG_ARCHIVED']);
      const del = await t.request().delete(`/api/admin/tag-groups/${tag.groupId}`).set(owner.auth);
      expect(del.body.error.code).toBe('TAG_GROUP_NOT_EMPTY');
    });
  });

  describe('permissions and BOLA', () => {
    it('refuses a member token on every tag route, and an analyst writing; a service role may tag but not define', async () => {
      const member = await createMemberDirect(t);
      const tag: TagView = await createManualTag(t, owner);
      const calls = [
        t.request().get('/api/admin/tag-groups').set(member.auth),
        t.request().get(`/api/admin/tags/${tag.id}`).set(member.auth),
        t
          .request()
          .post(`/api/admin/tags/${tag.id}/members`)
          .set(member.auth)
          .send({ memberIds: [member.id] }),
        t.request().post(`/api/admin/tags/${tag.id}/import`).set(member.auth).set('Content-Type', 'text/csv').send(String(member.id)),
      ];
      for (const res of await Promise.all(calls)) expect(res.status).toBe(401);
      const analyst = await createStaff(t, 'analyst');
      expect((await t.request().get('/api/admin/tag-groups').set(analyst.auth)).status).toBe(200);
      expect(
        (
          await t
            .request()
            .post(`/api/admin/tags/${tag.id}/members`)
            .set(analyst.auth)
            .send({ memberIds: [member.id] })
        ).status,
      ).toBe(403);
      const service = await createStaff(t, 'service');
      expect(
        (
          await t
            .request()
            .post(`/api/admin/tags/${tag.id}/members`)
            .set(service.auth)
            .send({ memberIds: [member.id] })
        ).body,
      ).toEqual({ added: 1, already: 0 });
      expect((await t.request().post('/api/admin/tag-groups').set(service.auth).send({ name: '客服组' })).status).toBe(403);
    });
  });
});
