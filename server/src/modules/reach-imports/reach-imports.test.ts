import { eq } from 'drizzle-orm';
import { channelReach, domainEvents, memberAttribution, members, reachImports, staffTasks, touches } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { createChannel } from '../channels/test-factories';
import { drainAllConsumers } from '../events';
import { createStaffTask } from '../staff-tasks/service';
import { callCsv, manyCalls, smsCsv } from './test-factories';

describe.each(testDrivers())('reach imports (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const post = (channelId: number, kind: 'ai-calls' | 'sms-logs', csv: string, staff: TestStaff = owner) =>
    t.request().post(`/api/admin/channels/${channelId}/imports/${kind}`).set(staff.auth).send({ fileName: 'result.csv', csv });

  async function rowsOf(channelId: number) {
    const reach = await t.deps.db.select().from(channelReach).where(eq(channelReach.channelId, channelId));
    const touched = await t.deps.db.select().from(touches).where(eq(touches.channelId, channelId));
    return { reach, touched };
  }

  describe('POST /api/admin/channels/:id/imports/ai-calls', () => {
    it('writes a reach row per call and a touch per reached call, hashed, with one event; a known member is linked', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call', name: 'AI 外呼老客' });
      const member = await createMemberDirect(t);
      await t.deps.db
        .update(members)
        .set({ phoneHash: t.deps.phoneCrypto.hash('13812345678') })
        .where(eq(members.id, member.id));
      const csv = callCsv([
        ['13812345678', '2026-12-01 10:00:00', '是', 'A', '是'],
        ['+86 139 0000 0001', '2026/12/01 10:05', '否', '', ''],
        ['13900000002', '2026-12-01T02:10:00Z', 'true', '有意向', '0'],
      ]);
      const eventsBefore = await t.deps.db.select().from(domainEvents).where(eq(domainEvents.type, 'touches.recorded'));
      const res = await post(channel.id, 'ai-calls', csv);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'ai_call_csv', fileName: 'result.csv', rowsTotal: 3, rowsImported: 3, isReplay: false });
      const { reach, touched } = await rowsOf(channel.id);
      expect(reach.map((row) => row.source)).toEqual(['ai_call', 'ai_call', 'ai_call']);
      expect(reach.every((row) => row.importId === res.body.id && row.quantity === 1)).toBe(true);
      expect(touched).toHaveLength(2);
      const mine = touched.find((touch) => touch.phoneHash === t.deps.phoneCrypto.hash('13812345678'));
      expect(mine).toMatchObject({ source: 'ai_call', status: 'matched', memberId: member.id, occurredAt: new Date('2026-12-01T02:00:00Z') });
      expect(mine?.dedupeKey).toBe(`call:${channel.id}:${t.deps.phoneCrypto.hash('13812345678')}:2026-12-01T02:00:00.000Z`);
      const stored = JSON.stringify({ reach, touched, res: res.body });
      expect(stored).not.toMatch(/1381234|13900000002/);
      const eventsAfter = await t.deps.db.select().from(domainEvents).where(eq(domainEvents.type, 'touches.recorded'));
      expect(eventsAfter.length - eventsBefore.length).toBe(1);
      expect(await auditRows(t, 'channel.reach_import', channel.id)).toHaveLength(1);
    });

    it('closes the open call tasks of reached members that existed at the call; unanswered or later tasks stay open', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call', name: 'AI 外呼回访' });
      const phones = ['13812340001', '13812340002', '13812340003'];
      const [reached, unanswered, later] = await Promise.all(phones.map(() => createMemberDirect(t)));
      const openTask = async (memberId: number, suffix: string) => {
        const id = await createStaffTask(t.deps.db, {
          memberId,
          kind: 'call',
          title: '回访',
          script: '您好',
          dueAt: t.clock.now(),
          sourceKey: `test:call:${memberId}:${suffix}`,
          journeyId: null,
        });
        return id!;
      };
      const ids = [await openTask(reached!.id, 'a'), await openTask(unanswered!.id, 'a'), await openTask(later!.id, 'a')];
      const followUp = await t.deps.db
        .insert(staffTasks)
        .values({ memberId: reached!.id, kind: 'wecom_message', title: '企微跟进', dueAt: t.clock.now(), sourceKey: `test:wm:${reached!.id}` })
        .returning({ id: staffTasks.id });
      for (const [i, member] of [reached!, unanswered!, later!].entries())
        await t.deps.db
          .update(members)
          .set({ phoneHash: t.deps.phoneCrypto.hash(phones[i]!) })
          .where(eq(members.id, member.id));
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const csv = callCsv([
        [phones[0]!, iso(Date.now() + 60_000), '是', 'A', '否'],
        [phones[1]!, iso(Date.now() + 60_000), '否', '', ''],
        [phones[2]!, iso(Date.now() - 86_400_000), '是', '', ''],
      ]);
      const res = await post(channel.id, 'ai-calls', csv);
      expect(res.status).toBe(201);
      const statusOf = async (id: number) => (await t.deps.db.select().from(staffTasks).where(eq(staffTasks.id, id)))[0];
      expect(await statusOf(ids[0]!)).toMatchObject({ status: 'done', outcome: 'AI 外呼已接通，意向：A', closedBy: owner.id });
      expect((await statusOf(ids[1]!))?.status).toBe('open');
      expect((await statusOf(ids[2]!))?.status).toBe('open');
      expect((await statusOf(followUp[0]!.id))?.status).toBe('open');
      const [audit] = await auditRows(t, 'channel.reach_import', channel.id);
      expect(audit?.after).toMatchObject({ tasksClosed: 1 });
      // The same file again is a replay: nothing closes twice, and the closed task stays as it was.
      expect((await post(channel.id, 'ai-calls', csv)).body.isReplay).toBe(true);
      expect(await statusOf(ids[0]!)).toMatchObject({ status: 'done', outcome: 'AI 外呼已接通，意向：A' });
    });

    it('refuses a file with bad rows with a per-row report (422), phones only masked, and writes nothing', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call', name: 'AI 外呼' });
      const csv = callCsv([
        ['13812345678', '2026-12-01 10:00:00', '是', 'A', '否'],
        ['1381234', '2026-12-01 10:00:00', '是', 'A', '否'],
        ['13812345679', '2026-02-30 10:00:00', '也许', 'A', '否'],
        ['13812345670', '2026-12-01 10:00:00', '否', 'A', '可能'],
      ]);
      const res = await post(channel.id, 'ai-calls', csv);
      expect([res.status, res.body.error.code]).toEqual([422, 'REACH_IMPORT_ROWS_INVALID']);
      expect(res.body.error.details.invalidRows).toBe(3);
      expect(res.body.error.details.rows.map((row: { line: number }) => row.line)).toEqual([3, 4, 5]);
      expect(res.body.error.details.rows[1].errors).toHaveLength(2);
      expect(res.body.error.details.rows.map((row: { phoneMasked: string | null }) => row.phoneMasked)).toEqual([null, '138****5679', '138****5670']);
      expect(JSON.stringify(res.body)).not.toContain('1381234');
      const { reach, touched } = await rowsOf(channel.id);
      expect([reach.length, touched.length]).toEqual([0, 0]);
      expect(await t.deps.db.select().from(reachImports).where(eq(reachImports.channelId, channel.id))).toHaveLength(0);
    });

    it.each([
      ['no data rows', 'phone,called_at,reached\r\n', 'CSV_EMPTY'],
      ['a missing column', 'phone,called_at\r\n13812345678,2026-12-01 10:00', 'CSV_COLUMNS_INVALID'],
      ['an open quote', 'phone,called_at,reached\r\n"13812345678,2026-12-01 10:00,是', 'CSV_MALFORMED'],
    ])('refuses a file with %s', async (_name, csv, code) => {
      const channel = await createChannel(t, owner, { kind: 'ai_call' });
      const res = await post(channel.id, 'ai-calls', csv);
      expect([res.status, res.body.error.code]).toEqual([400, code]);
    });

    it('imports the same file twice as one import (200, nothing doubled); a file overlapping it adds only new rows', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call' });
      const csv = callCsv(manyCalls(10));
      const first = await post(channel.id, 'ai-calls', csv);
      const again = await post(channel.id, 'ai-calls', csv);
      expect([first.status, again.status, again.body.id, again.body.isReplay]).toEqual([201, 200, first.body.id, true]);
      const overlap = await post(channel.id, 'ai-calls', callCsv(manyCalls(12)));
      expect(overlap.body).toMatchObject({ rowsTotal: 12, rowsImported: 2 });
      const { reach, touched } = await rowsOf(channel.id);
      expect([reach.length, touched.length]).toEqual([12, 6]);
    });

    it('accepts 50,000 rows in one import', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call' });
      const started = Date.now();
      const full = await post(channel.id, 'ai-calls', callCsv(manyCalls(50_000)));
      console.log(`reach import of 50,000 calls on ${driver}: ${Date.now() - started} ms`);
      expect(full.body).toMatchObject({ rowsTotal: 50_000, rowsImported: 50_000 });
      expect((await rowsOf(channel.id)).touched).toHaveLength(25_000);
    }, 240_000);

    it('refuses 50,001 rows (CSV_TOO_MANY_ROWS), an archived channel and an analyst', async () => {
      const channel = await createChannel(t, owner, { kind: 'ai_call' });
      const tooMany = await post(channel.id, 'ai-calls', callCsv(manyCalls(50_001)));
      expect([tooMany.status, tooMany.body.error?.code]).toEqual([400, 'CSV_TOO_MANY_ROWS']);
      const analyst = await createStaff(t, 'analyst');
      expect((await post(channel.id, 'ai-calls', callCsv(manyCalls(1)), analyst)).status).toBe(403);
      await t.request().post(`/api/admin/channels/${channel.id}/archive`).set(owner.auth);
      const archived = await post(channel.id, 'ai-calls', callCsv(manyCalls(1)));
      expect([archived.status, archived.body.error.code]).toEqual([409, 'CHANNEL_ARCHIVED']);
    }, 120_000);
  });

  it('gives a member who registered after the call the channel as acquisition (through the touch-attribution consumer)', async () => {
    const channel = await createChannel(t, owner, { kind: 'ai_call', name: 'AI 外呼 归因' });
    const member = await loginMember(t);
    await t.deps.db
      .update(members)
      .set({ phoneHash: t.deps.phoneCrypto.hash('13700000001') })
      .where(eq(members.id, member.id));
    const calledAt = new Date(t.clock.now().getTime() - 86_400_000);
    const csv = callCsv([['13700000001', calledAt.toISOString(), '是', 'A', '是']]);
    expect((await post(channel.id, 'ai-calls', csv)).status).toBe(201);
    await drainAllConsumers(t.deps.db, () => t.clock.now());
    const [attribution] = await t.deps.db.select().from(memberAttribution).where(eq(memberAttribution.memberId, member.id));
    expect(attribution?.channelId).toBe(channel.id);
  });

  describe('POST /api/admin/channels/:id/imports/sms-logs', () => {
    it('reads Chinese headers; a delivered SMS is reach and an sms_send touch, a failed one nothing', async () => {
      const channel = await createChannel(t, owner, { kind: 'sms', name: '短信召回' });
      const csv = smsCsv([
        ['13812345678', '2026-12-02 09:00:00', '成功', 'out-1'],
        ['13812345679', '2026-12-02 09:00:01', 'DELIVERED', ''],
        ['13812345670', '2026-12-02 09:00:02', '失败', 'out-3'],
      ]);
      const res = await post(channel.id, 'sms-logs', csv);
      expect(res.body).toMatchObject({ kind: 'sms_send_log', rowsTotal: 3, rowsImported: 2 });
      const { reach, touched } = await rowsOf(channel.id);
      expect(reach.map((row) => row.source)).toEqual(['sms_log', 'sms_log']);
      expect(touched.map((touch) => touch.source)).toEqual(['sms_send', 'sms_send']);
      expect(reach[0]?.dedupeKey).toMatch(new RegExp(`^sms:${channel.id}:`));
    });
  });
});
