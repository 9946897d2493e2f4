import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertStaffMessages } from './service';

describe.each(testDrivers())('staff inbox 站内信 (%s)', (driver) => {
  let t: TestApp;
  let alice: TestStaff;
  let bob: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    alice = await createStaff(t, 'analyst');
    bob = await createStaff(t, 'service');
    const now = t.clock.now();
    const of = (staffId: number, n: number) => ({
      staffId,
      kind: 'daily_report',
      dedupeKey: `2026-11-${String(n).padStart(2, '0')}`,
      title: `日报 ${n}`,
      body: `正文 ${n}`,
    });
    expect(
      await insertStaffMessages(
        t.deps.db,
        [1, 2, 3, 4, 5].map((n) => of(alice.id, n)),
        now,
      ),
    ).toBe(5);
    expect(await insertStaffMessages(t.deps.db, [of(bob.id, 1)], now)).toBe(1);
    // A replay writes nothing (unique per staff, kind and key).
    expect(await insertStaffMessages(t.deps.db, [of(alice.id, 3), of(bob.id, 1)], now)).toBe(0);
  });
  afterAll(async () => t?.close());

  it('lists only the signed-in staff member’s messages, newest first, page by page', async () => {
    const first = await t.request().get('/api/admin/inbox?limit=2').set(alice.auth).expect(200);
    expect(first.body.unread).toBe(5);
    expect(first.body.items.map((m: { title: string }) => m.title)).toEqual(['日报 5', '日报 4']);
    const lastId = first.body.items[1].id as number;
    const next = await t.request().get(`/api/admin/inbox?limit=10&before=${lastId}`).set(alice.auth).expect(200);
    expect(next.body.items.map((m: { title: string }) => m.title)).toEqual(['日报 3', '日报 2', '日报 1']);
    const bobs = await t.request().get('/api/admin/inbox').set(bob.auth).expect(200);
    expect(bobs.body).toMatchObject({ unread: 1, items: [{ title: '日报 1', read: false, kind: 'daily_report', link: null }] });
    await t.request().get('/api/admin/inbox').expect(401);
    await t.request().get('/api/admin/inbox?limit=0').set(alice.auth).expect(400);
    await t.request().get('/api/admin/inbox?before=abc').set(alice.auth).expect(400);
  });

  it('marks one read (404 for another staff member’s), then all', async () => {
    const bobs = await t.request().get('/api/admin/inbox').set(bob.auth).expect(200);
    const bobMessageId = bobs.body.items[0].id as number;
    const answer = await t.request().post(`/api/admin/inbox/${bobMessageId}/read`).set(alice.auth).expect(404);
    expect(answer.body.error.code).toBe('STAFF_MESSAGE_NOT_FOUND');
    await t.request().post('/api/admin/inbox/999999/read').set(alice.auth).expect(404);
    await t.request().post('/api/admin/inbox/abc/read').set(alice.auth).expect(400);

    const list = await t.request().get('/api/admin/inbox').set(alice.auth).expect(200);
    const id = list.body.items[0].id as number;
    const read = await t.request().post(`/api/admin/inbox/${id}/read`).set(alice.auth).expect(200);
    expect(read.body).toMatchObject({ id, read: true });
    await t.request().post(`/api/admin/inbox/${id}/read`).set(alice.auth).expect(200);
    expect((await t.request().get('/api/admin/inbox').set(alice.auth).expect(200)).body.unread).toBe(4);
    // Bob's stays unread.
    expect((await t.request().get('/api/admin/inbox').set(bob.auth).expect(200)).body.unread).toBe(1);

    const all = await t.request().post('/api/admin/inbox/read-all').set(alice.auth).expect(200);
    expect(all.body).toEqual({ updated: 4 });
    const after = await t.request().get('/api/admin/inbox').set(alice.auth).expect(200);
    expect(after.body.unread).toBe(0);
    expect(after.body.items.every((m: { read: boolean }) => m.read)).toBe(true);
    expect((await t.request().get('/api/admin/inbox').set(bob.auth).expect(200)).body.unread).toBe(1);
  });
});
