import { eq } from 'drizzle-orm';
import { staffTasks } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStaffTask } from './service';
import { addWecomContact, randomUserId, setStaffWecomUser } from './test-factories';

describe.each(testDrivers())('createStaffTask (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const task = (memberId: number, sourceKey: string) => ({
    memberId,
    kind: 'call' as const,
    title: '回访',
    script: '您好',
    dueAt: t.clock.now(),
    sourceKey,
    journeyId: null,
  });

  it('assigns the staff whose wecom userid is the member follow user; a replay of the key creates nothing', async () => {
    const service = await createStaff(t, 'service');
    const userId = randomUserId();
    await setStaffWecomUser(t, service.id, userId);
    const member = await createMemberDirect(t);
    await addWecomContact(t, member.id, userId);
    const key = `test:${member.id}:a`;
    const id = await createStaffTask(t.deps.db, task(member.id, key));
    expect(id).not.toBeNull();
    expect(await createStaffTask(t.deps.db, task(member.id, key))).toBeNull();
    const rows = await t.deps.db.select().from(staffTasks).where(eq(staffTasks.sourceKey, key));
    expect(rows.map((r) => [r.assigneeId, r.wecomUserId, r.status])).toEqual([[service.id, userId, 'open']]);
  });

  it('puts a task in the shared queue when the member has no contact or the follow user maps to no staff', async () => {
    const lone = await createMemberDirect(t);
    const unmapped = await createMemberDirect(t);
    await addWecomContact(t, unmapped.id, randomUserId());
    const a = await createStaffTask(t.deps.db, task(lone.id, `test:${lone.id}:b`));
    const b = await createStaffTask(t.deps.db, task(unmapped.id, `test:${unmapped.id}:b`));
    const rows = await t.deps.db.select().from(staffTasks);
    expect(rows.filter((r) => r.id === a || r.id === b).map((r) => r.assigneeId)).toEqual([null, null]);
  });

  it('creates exactly one task for parallel calls with one key', async () => {
    const member = await createMemberDirect(t);
    const key = `test:${member.id}:race`;
    const ids = await Promise.all(Array.from({ length: 12 }, () => createStaffTask(t.deps.db, task(member.id, key))));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
  });
});
