import { eq } from 'drizzle-orm';
import { auditLog, members } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStaffTask } from './service';
import { addWecomContact, randomUserId, setStaffWecomUser } from './test-factories';

describe.each(testDrivers())('staff task routes (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let service: TestStaff;
  let otherService: TestStaff;
  let analyst: TestStaff;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    operator = await createStaff(t, 'operator');
    service = await createStaff(t, 'service');
    otherService = await createStaff(t, 'service');
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(() => t.close());

  /** A task for a new member with a phone; assigned to `assignee` (through its WeCom userid) or unassigned. */
  async function task(assignee: TestStaff | null, kind: 'call' | 'wecom_message' = 'call'): Promise<{ id: number; memberId: number }> {
    const member = await createMemberDirect(t);
    await t.deps.db
      .update(members)
      .set({ phoneCipher: t.deps.phoneCrypto.encrypt('13800138000'), nickname: '=HYPERLINK("x")' })
      .where(eq(members.id, member.id));
    if (assignee) {
      const userId = randomUserId();
      await setStaffWecomUser(t, assignee.id, userId);
      await addWecomContact(t, member.id, userId);
    }
    seq += 1;
    const id = await createStaffTask(t.deps.db, {
      memberId: member.id,
      kind,
      title: `回访 ${seq}`,
      script: '您好，这里是思语小店',
      dueAt: new Date(t.clock.now().getTime() + seq * 1000),
      sourceKey: `routes-test:${seq}:${member.id}`,
      journeyId: null,
    });
    if (id === null) throw new Error('no task');
    return { id, memberId: member.id };
  }
  const list = async (who: TestStaff, query = '') => t.request().get(`/api/admin/tasks${query}`).set(who.auth);

  it('service sees its own and the shared queue, not another’s; owner sees all; mine=1 only its own; phones masked; analyst 403', async () => {
    const mine = await task(service);
    const theirs = await task(otherService);
    const queue = await task(null);
    const ids = async (who: TestStaff, query = '') => ((await list(who, query)).body.items as { id: number }[]).map((item) => item.id);
    expect(await ids(service)).toEqual(expect.arrayContaining([mine.id, queue.id]));
    expect(await ids(service)).not.toContain(theirs.id);
    expect(await ids(owner)).toEqual(expect.arrayContaining([mine.id, theirs.id, queue.id]));
    expect(await ids(service, '?mine=1')).toEqual([mine.id]);
    const item = (await list(service, '?mine=1')).body.items[0];
    expect(item).toMatchObject({ kind: 'call', title: expect.stringMatching(/^回访/), assignee: { id: service.id }, member: { phoneMasked: '138****8000' } });
    expect((await list(analyst)).status).toBe(403);
    for (const bad of ['?status=nope', '?cursor=%%%', '?mine=2', '?extra=1']) expect((await list(owner, bad)).status).toBe(400);
  });

  it('closes: the assignee or an owner for an assigned task, anyone with tasks:work for the queue; audited; closed twice → 409', async () => {
    const assigned = await task(service);
    const queue = await task(null);
    const close = (who: TestStaff, id: number, body: object = { outcome: '已接通，预约到店' }) =>
      t.request().post(`/api/admin/tasks/${id}/close`).set(who.auth).send(body);
    expect((await close(otherService, assigned.id)).body.error.code).toBe('STAFF_TASK_NOT_YOURS');
    expect((await close(operator, assigned.id)).status).toBe(403);
    expect((await close(service, assigned.id, { outcome: '' })).status).toBe(400);
    expect((await close(service, assigned.id)).status).toBe(200);
    expect((await close(service, assigned.id)).body.error.code).toBe('STAFF_TASK_CLOSED');
    expect((await close(otherService, queue.id)).status).toBe(200);
    expect((await close(owner, 2_147_483_647)).status).toBe(404);
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'staff_task.close'));
    expect(audits.map((row) => row.targetId)).toEqual(expect.arrayContaining([String(assigned.id), String(queue.id)]));
    const done = (await list(service, '?status=done')).body.items as { id: number; outcome: string }[];
    expect(done.find((item) => item.id === assigned.id)?.outcome).toBe('已接通，预约到店');
  });

  it('closes a task once under parallel attempts', async () => {
    const queue = await task(null);
    const results = await Promise.all(
      [owner, service, otherService, owner, service, otherService].map((who) =>
        t.request().post(`/api/admin/tasks/${queue.id}/close`).set(who.auth).send({ outcome: 'x' }),
      ),
    );
    expect(results.filter((res) => res.status === 200)).toHaveLength(1);
    expect(results.filter((res) => res.status === 409)).toHaveLength(5);
  });

  it('exports the open call list with full phones for members:phone (audited, formulas neutralised); operator 403', async () => {
    const call = await task(service);
    await task(service, 'wecom_message');
    const res = await t.request().get('/api/admin/tasks/call-list.csv').set(service.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const line = res.text.split('\r\n').find((row) => row.startsWith(`"${call.id}"`));
    expect(line).toContain('"13800138000"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(res.text).not.toContain('wecom_message');
    expect((await t.request().get('/api/admin/tasks/call-list.csv').set(operator.auth)).status).toBe(403);
    expect(await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'staff_task.call_list_export'))).toHaveLength(1);
  });

  it('sets a staff member’s WeCom userid (staff:manage, audited, one staff per userid)', async () => {
    const userId = randomUserId();
    const put = (who: TestStaff, id: number, wecomUserId: unknown) => t.request().put(`/api/admin/staff/${id}/wecom-user`).set(who.auth).send({ wecomUserId });
    expect((await put(owner, service.id, userId)).body).toEqual({ id: service.id, wecomUserId: userId });
    expect((await put(owner, otherService.id, userId)).body.error.code).toBe('WECOM_USER_ID_TAKEN');
    expect((await put(operator, service.id, userId)).status).toBe(403);
    expect((await put(owner, service.id, 'bad id!')).status).toBe(400);
    expect((await put(owner, 2_147_483_647, userId)).status).toBe(404);
    expect((await put(owner, service.id, null)).body.wecomUserId).toBeNull();
    expect(await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'staff.wecom_user'))).toHaveLength(2);
  });
});
