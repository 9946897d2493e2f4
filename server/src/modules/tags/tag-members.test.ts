import type { TagView } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { createManualTag, insertMembers, membersOfTag, randomPhone, tagRowsOf } from './test-factories';

describe.each(testDrivers())('tag members (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const importCsv = (tag: TagView, csv: string, query: Record<string, string> = {}) =>
    t.request().post(`/api/admin/tags/${tag.id}/import`).query(query).set(owner.auth).set('Content-Type', 'text/csv').send(csv);

  describe('POST /api/admin/tags/:id/members', () => {
    it('adds many members in one batch, counts those already tagged, removes them; one audit row per batch', async () => {
      const tag = await createManualTag(t, owner);
      const ids = await insertMembers(t, 5);
      const first = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: ids.slice(0, 3) });
      expect(first.body).toEqual({ added: 3, already: 0 });
      const second = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: [...ids, ids[0]] });
      expect(second.body).toEqual({ added: 2, already: 3 });
      expect(await membersOfTag(t, tag.id)).toEqual(ids);
      expect((await tagRowsOf(t, ids[0]!, tag.id))[0]).toMatchObject({ source: 'manual', staffId: owner.id });
      const removed = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members/remove`)
        .set(owner.auth)
        .send({ memberIds: ids.slice(3) });
      expect(removed.body).toEqual({ removed: 2 });
      expect(await membersOfTag(t, tag.id)).toEqual(ids.slice(0, 3));
      expect((await auditRows(t, 'tag.members.add', tag.id)).map((row) => row.after)).toEqual([
        { requested: 3, added: 3, already: 0 },
        { requested: 5, added: 2, already: 3 },
      ]);
      expect((await auditRows(t, 'tag.members.remove', tag.id)).map((row) => row.after)).toEqual([{ requested: 2, removed: 2 }]);
    });

    it('tags 10,000 members in one request', async () => {
      const tag = await createManualTag(t, owner);
      const ids = await insertMembers(t, 10_000);
      const res = await t.request().post(`/api/admin/tags/${tag.id}/members`).set(owner.auth).send({ memberIds: ids });
      expect(res.body).toEqual({ added: 10_000, already: 0 });
      const over = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: [...ids, 2_147_483_647] });
      expect([over.status, over.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('refuses unknown member ids with TAG_MEMBERS_UNKNOWN listing them, writing nothing', async () => {
      const tag = await createManualTag(t, owner);
      const [id] = await insertMembers(t, 1);
      const res = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: [id, 2_147_483_646, 2_147_483_647] });
      expect([res.status, res.body.error.code, res.body.error.details.unknownMemberIds]).toEqual([400, 'TAG_MEMBERS_UNKNOWN', [2_147_483_646, 2_147_483_647]]);
      expect(await membersOfTag(t, tag.id)).toEqual([]);
      expect(await auditRows(t, 'tag.members.add', tag.id)).toEqual([]);
    });

    it('refuses a rule tag with TAG_NOT_MANUAL and an unknown tag with TAG_NOT_FOUND', async () => {
      const manual = await createManualTag(t, owner);
      const rule = { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [manual.id] }] }] };
      const ruleTag = await t.request().post('/api/admin/tags').set(owner.auth).send({ groupId: manual.groupId, name: '规则标签', kind: 'rule', rule });
      const [id] = await insertMembers(t, 1);
      const res = await t
        .request()
        .post(`/api/admin/tags/${ruleTag.body.id}/members`)
        .set(owner.auth)
        .send({ memberIds: [id] });
      expect([res.status, res.body.error.code]).toEqual([409, 'TAG_NOT_MANUAL']);
      const remove = await t
        .request()
        .post(`/api/admin/tags/${ruleTag.body.id}/members/remove`)
        .set(owner.auth)
        .send({ memberIds: [id] });
      expect([remove.status, remove.body.error.code]).toEqual([409, 'TAG_NOT_MANUAL']);
      const missing = await t
        .request()
        .post('/api/admin/tags/2147483647/members')
        .set(owner.auth)
        .send({ memberIds: [id] });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'TAG_NOT_FOUND']);
    });
  });

  describe('rule tags naming a manual tag', () => {
    it('follow its adds, removes, imports and archive at once (no consumer, no nightly)', async () => {
      const manual = await createManualTag(t, owner);
      const ids = await insertMembers(t, 4);
      const ruleRes = await t
        .request()
        .post('/api/admin/tags')
        .set(owner.auth)
        .send({
          groupId: manual.groupId,
          name: `规则${ids[0]}`,
          kind: 'rule',
          rule: { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [manual.id] }] }] },
        });
      expect(ruleRes.status).toBe(201);
      const rule = ruleRes.body as TagView;
      const carriers = async () => (await membersOfTag(t, rule.id)).filter((id) => ids.includes(id));
      expect(await carriers()).toEqual([]);
      await t
        .request()
        .post(`/api/admin/tags/${manual.id}/members`)
        .set(owner.auth)
        .send({ memberIds: ids.slice(0, 2) });
      expect(await carriers()).toEqual(ids.slice(0, 2));
      await t
        .request()
        .post(`/api/admin/tags/${manual.id}/members/remove`)
        .set(owner.auth)
        .send({ memberIds: [ids[0]] });
      expect(await carriers()).toEqual([ids[1]]);
      const imported = await importCsv(manual, `${ids[2]}\n${ids[3]}\n`, { by: 'memberId' });
      expect(imported.status).toBe(200);
      expect(await carriers()).toEqual(ids.slice(1));
      expect((await t.request().post(`/api/admin/tags/${manual.id}/archive`).set(owner.auth)).status).toBe(200);
      expect(await carriers()).toEqual([]);
    });
  });

  describe('POST /api/admin/tags/:id/import', () => {
    it('imports phones (header, +86 and spaces accepted) matched through the phone hash; audits counts only', async () => {
      const tag = await createManualTag(t, owner);
      const phones = [randomPhone(), randomPhone(), randomPhone()];
      const ids = await insertMembers(t, 3, phones);
      await t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: [ids[2]] });
      const csv = `手机号\r\n${phones[0]}\r\n+86 ${phones[1]!.slice(0, 3)} ${phones[1]!.slice(3)}\r\n\r\n${phones[2]}\r\n`;
      const res = await importCsv(tag, csv);
      expect([res.status, res.body]).toEqual([200, { rows: 3, added: 2, already: 1, errors: [] }]);
      expect(await membersOfTag(t, tag.id)).toEqual(ids);
      expect((await tagRowsOf(t, ids[0]!, tag.id))[0]?.source).toBe('import');
      const [audit] = await auditRows(t, 'tag.members.import', tag.id);
      expect(audit?.after).toEqual({ by: 'phone', mode: 'all_or_nothing', rows: 3, added: 2, already: 1, errors: 0 });
      expect(JSON.stringify(audit)).not.toContain(phones[0]!.slice(3));
    });

    it('all_or_nothing (default): bad rows → 400 TAG_IMPORT_INVALID with a per-row report, nothing written', async () => {
      const tag = await createManualTag(t, owner);
      const good = randomPhone();
      await insertMembers(t, 1, [good]);
      const unknown = randomPhone();
      const res = await importCsv(tag, ['phone', good, '1380013', unknown, good].join('\n'));
      expect([res.status, res.body.error.code]).toEqual([400, 'TAG_IMPORT_INVALID']);
      expect(res.body.error.details.errors).toEqual([
        { line: 3, value: '****', code: 'PHONE_INVALID', message: expect.any(String) },
        { line: 4, value: `${unknown.slice(0, 3)}****${unknown.slice(-4)}`, code: 'MEMBER_NOT_FOUND', message: '找不到这个会员' },
        { line: 5, value: `${good.slice(0, 3)}****${good.slice(-4)}`, code: 'DUPLICATE_ROW', message: '与前面的行重复' },
      ]);
      expect(await membersOfTag(t, tag.id)).toEqual([]);
      expect(await auditRows(t, 'tag.members.import', tag.id)).toEqual([]);
    });

    it('skip_bad by member id: writes the good rows and reports the bad ones', async () => {
      const tag = await createManualTag(t, owner);
      const ids = await insertMembers(t, 2);
      const csv = [`${ids[0]}`, 'abc1', `${ids[1]}`, '2147483647', `${ids[0]}`].join('\n');
      const res = await importCsv(tag, csv, { by: 'memberId', mode: 'skip_bad' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 5, added: 2, already: 0 });
      expect(res.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
        [2, 'MEMBER_ID_INVALID'],
        [4, 'MEMBER_NOT_FOUND'],
        [5, 'DUPLICATE_ROW'],
      ]);
      expect(await membersOfTag(t, tag.id)).toEqual(ids);
    });

    it('accepts the CSV in a JSON body too; refuses an empty file, a malformed CSV, too many rows and an archived tag', async () => {
      const tag = await createManualTag(t, owner);
      const [id] = await insertMembers(t, 1);
      const json = await t
        .request()
        .post(`/api/admin/tags/${tag.id}/import?by=memberId`)
        .set(owner.auth)
        .send({ csv: `${id}\n` });
      expect(json.body).toEqual({ rows: 1, added: 1, already: 0, errors: [] });
      expect((await importCsv(tag, '\r\n\r\n')).body.error.code).toBe('VALIDATION_FAILED');
      expect((await importCsv(tag, '"13800138000\n')).body.error.code).toBe('CSV_MALFORMED');
      const tooMany = await importCsv(tag, Array.from({ length: 100_001 }, (_, i) => String(i + 1)).join('\n'), { by: 'memberId' });
      expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'CSV_TOO_MANY_ROWS']);
      const badQuery = await importCsv(tag, `${id}`, { by: 'openid' });
      expect([badQuery.status, badQuery.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      await t.request().post(`/api/admin/tags/${tag.id}/archive`).set(owner.auth);
      const archived = await importCsv(tag, `${id}`, { by: 'memberId' });
      expect([archived.status, archived.body.error.code]).toEqual([409, 'TAG_ARCHIVED']);
    });
  });
});
