import { DEFAULT_MESSAGING_SETTINGS } from '@siyu/shared';
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, domainEvents, memberConsentLog, memberConsents, messageIntents } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { preferenceProof } from './consent';
import { dispatchDue } from './dispatcher';
import { useSettings, writeIntents } from './messaging.test-helpers';

describe.each(testDrivers())('messaging routes on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, analyst, service] = await Promise.all([
      createStaff(t, 'owner'),
      createStaff(t, 'operator'),
      createStaff(t, 'analyst'),
      createStaff(t, 'service'),
    ]);
  });
  afterAll(() => t.close());

  /** Sends `count` in-app service messages to the member through the dispatcher; returns their intent ids. */
  async function deliver(member: TestMember, count: number): Promise<number[]> {
    const ids = await writeIntents(
      t.deps.db,
      Array.from({ length: count }, (_, i) => ({ memberId: member.id, purpose: 'service' as const, variables: { title: `标题${i}`, content: `内容${i}` } })),
    );
    while ((await dispatchDue(t.deps, t.clock.now())).claimed > 0);
    return ids;
  }

  describe('the 消息 center', () => {
    it('lists only the member’s own messages, newest first, 20 a page, with the unread count', async () => {
      const alice = await createMemberDirect(t);
      const bob = await createMemberDirect(t);
      await deliver(alice, 25);
      await deliver(bob, 1);
      const first = await t.request().get('/api/me/messages').set(alice.auth);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(20);
      expect(first.body.unread).toBe(25);
      expect(first.body.items[0]).toMatchObject({ kind: 'text', read: false, link: null });
      const second = await t.request().get('/api/me/messages').query({ cursor: first.body.nextCursor }).set(alice.auth);
      expect(second.body.items).toHaveLength(5);
      expect(second.body.nextCursor).toBeNull();
      const items: { id: number; title: string }[] = [...first.body.items, ...second.body.items];
      expect(new Set(items.map((item) => item.title)).size).toBe(25);
      expect(items.map((item) => item.id)).toEqual(items.map((item) => item.id).sort((a, b) => b - a));
      const unread = await t.request().get('/api/me/messages/unread-count').set(bob.auth);
      expect(unread.body).toEqual({ unread: 1 });
    });

    it('read marks the member’s message read (idempotent) and the intent opened; another member’s id is 404', async () => {
      const alice = await createMemberDirect(t);
      const bob = await createMemberDirect(t);
      const [intentId] = await deliver(alice, 2);
      const list = await t.request().get('/api/me/messages').set(alice.auth);
      const target = list.body.items.find((item: { title: string }) => item.title === '标题0');
      const asBob = await t.request().post(`/api/me/messages/${target.id}/read`).set(bob.auth);
      expect(asBob.status).toBe(404);
      expect(asBob.body.error.code).toBe('NOT_FOUND');
      for (let i = 0; i < 2; i += 1) {
        const res = await t.request().post(`/api/me/messages/${target.id}/read`).set(alice.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ message: { id: target.id, read: true }, unread: 1 });
      }
      const [intent] = await t.deps.db.select().from(messageIntents).where(eq(messageIntents.id, intentId!));
      expect(intent?.openedAt).not.toBeNull();
      expect((await t.request().get('/api/me/messages/unread-count').set(bob.auth)).body).toEqual({ unread: 0 });
    });

    it('read-all marks only the caller’s messages', async () => {
      const alice = await createMemberDirect(t);
      const bob = await createMemberDirect(t);
      await deliver(alice, 3);
      await deliver(bob, 2);
      const res = await t.request().post('/api/me/messages/read-all').set(alice.auth);
      expect(res.body).toEqual({ marked: 3, unread: 0 });
      expect((await t.request().get('/api/me/messages/unread-count').set(bob.auth)).body).toEqual({ unread: 2 });
    });

    it('refuses bad input with 4xx and requires a member', async () => {
      const member = await createMemberDirect(t);
      expect((await t.request().get('/api/me/messages')).status).toBe(401);
      expect((await t.request().post('/api/me/messages/read-all')).status).toBe(401);
      const badCursor = await t.request().get('/api/me/messages').query({ cursor: 'nope!' }).set(member.auth);
      expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
      expect((await t.request().post('/api/me/messages/abc/read').set(member.auth)).status).toBe(400);
      expect((await t.request().post('/api/me/messages/2147483647/read').set(member.auth)).status).toBe(404);
      expect((await t.request().get('/api/me/messages').query({ other: 1 }).set(member.auth)).status).toBe(400);
    });
  });

  describe('preferences', () => {
    it('defaults: in-app on, other channels off, personalised on, with the texts shown', async () => {
      const member = await createMemberDirect(t);
      const res = await t.request().get('/api/me/preferences').set(member.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ marketing: { sms: false, wecom: false, subscribe: false, inapp: true }, personalized: true });
      expect(res.body.texts.personalized).toContain('个性化');
    });

    it('PUT writes consents, a log row with the shown text as proof and an event per change, in one go', async () => {
      const member = await createMemberDirect(t);
      const res = await t
        .request()
        .put('/api/me/preferences')
        .set(member.auth)
        .send({ marketing: { sms: true, inapp: false }, personalized: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ marketing: { sms: true, wecom: false, subscribe: false, inapp: false }, personalized: false });
      const consents = await t.deps.db.select().from(memberConsents).where(eq(memberConsents.memberId, member.id));
      expect(consents.map((row) => [row.channel, row.granted, row.source]).sort()).toEqual([
        ['inapp', false, 'settings'],
        ['personalized', false, 'settings'],
        ['sms', true, 'settings'],
      ]);
      const log = await t.deps.db.select().from(memberConsentLog).where(eq(memberConsentLog.memberId, member.id));
      expect(log.find((row) => row.channel === 'personalized')?.proof).toBe(preferenceProof('personalized', false));
      const events = await t.deps.db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.memberId, member.id), eq(domainEvents.type, 'member.consent_changed')));
      expect(events.map((row) => row.payload).sort((a, b) => String(a.channel).localeCompare(String(b.channel)))).toEqual([
        { channel: 'inapp', granted: false, source: 'settings' },
        { channel: 'personalized', granted: false, source: 'settings' },
        { channel: 'sms', granted: true, source: 'settings' },
      ]);
      // The same again: logged, but no new event (nothing changed).
      await t
        .request()
        .put('/api/me/preferences')
        .set(member.auth)
        .send({ marketing: { sms: true } });
      const after = await t.deps.db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.memberId, member.id), eq(domainEvents.type, 'member.consent_changed')));
      expect(after).toHaveLength(3);
    });

    it('a withdrawal reaches messages already written: the next dispatch skips them no_consent', async () => {
      const member = await createMemberDirect(t);
      const [id] = await writeIntents(t.deps.db, [{ memberId: member.id }]);
      await t
        .request()
        .put('/api/me/preferences')
        .set(member.auth)
        .send({ marketing: { inapp: false } });
      await dispatchDue(t.deps, t.clock.now());
      const [row] = await t.deps.db.select().from(messageIntents).where(eq(messageIntents.id, id!));
      expect(row).toMatchObject({ status: 'skipped', reason: 'no_consent' });
    });

    it('refuses bad bodies with 400 and writes nothing', async () => {
      const member = await createMemberDirect(t);
      for (const body of [{}, { marketing: { fax: true } }, { personalized: 'no' }, { marketing: { sms: true }, extra: 1 }, []]) {
        const res = await t
          .request()
          .put('/api/me/preferences')
          .set(member.auth)
          .send(body as object);
        expect(res.status).toBe(400);
      }
      expect(await t.deps.db.select().from(memberConsents).where(eq(memberConsents.memberId, member.id))).toEqual([]);
      expect((await t.request().put('/api/me/preferences').send({ personalized: false })).status).toBe(401);
    });
  });

  describe('admin settings', () => {
    beforeAll(() => t.deps.db.execute(sql`delete from messaging_settings`));

    it('reads the defaults with journeys:read; writing needs messaging:settings', async () => {
      const res = await t.request().get('/api/admin/messaging/settings').set(analyst.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(DEFAULT_MESSAGING_SETTINGS);
      expect((await t.request().get('/api/admin/messaging/settings').set(service.auth)).status).toBe(403);
      const denied = await t.request().put('/api/admin/messaging/settings').set(operator.auth).send(DEFAULT_MESSAGING_SETTINGS);
      expect(denied.status).toBe(403);
    });

    it('the owner saves valid settings, audited; invalid ones are 400 and change nothing', async () => {
      const next = { ...DEFAULT_MESSAGING_SETTINGS, quietStart: '22:00', quietEnd: '07:30' };
      const res = await t.request().put('/api/admin/messaging/settings').set(owner.auth).send(next);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(next);
      const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'messaging.settings_update')).orderBy(desc(auditLog.id)).limit(1);
      expect(audit).toMatchObject({ staffId: owner.id, targetType: 'messaging_settings', after: next });
      for (const bad of [
        { ...next, quietStart: '25:00' },
        { ...next, caps: { ...next.caps, sms: { perDay: -1, perWeek: 2 } } },
        { ...next, holdoutBp: 9000 },
        { ...next, extra: true },
        { quietStart: '21:00' },
      ]) {
        expect((await t.request().put('/api/admin/messaging/settings').set(owner.auth).send(bad)).status).toBe(400);
      }
      expect((await t.request().get('/api/admin/messaging/settings').set(owner.auth)).body).toEqual(next);
      await useSettings(t.deps.db);
    });
  });

  describe('admin message log', () => {
    it('filters by member and status, pages by cursor, names skip reasons', async () => {
      const member = await createMemberDirect(t);
      await t
        .request()
        .put('/api/me/preferences')
        .set(member.auth)
        .send({ marketing: { inapp: false } });
      await writeIntents(t.deps.db, [{ memberId: member.id }, { memberId: member.id, purpose: 'service' }, { memberId: member.id, purpose: 'service' }]);
      await dispatchDue(t.deps, t.clock.now());
      const all = await t.request().get('/api/admin/messaging/intents').query({ memberId: member.id, limit: 2 }).set(analyst.auth);
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(2);
      const rest = await t
        .request()
        .get('/api/admin/messaging/intents')
        .query({ memberId: member.id, limit: 2, cursor: all.body.nextCursor })
        .set(analyst.auth);
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      const skipped = await t.request().get('/api/admin/messaging/intents').query({ memberId: member.id, status: 'skipped' }).set(operator.auth);
      expect(skipped.body.items).toMatchObject([{ memberId: member.id, reason: 'no_consent', reasonName: '未授权该渠道营销', purpose: 'marketing' }]);
    });

    it('refuses bad filters with 400 and other roles with 403', async () => {
      for (const query of [{ status: 'lost' }, { memberId: 'x' }, { journeyId: 0 }, { cursor: '!!' }, { limit: 1000 }, { other: 1 }]) {
        expect((await t.request().get('/api/admin/messaging/intents').query(query).set(owner.auth)).status).toBe(400);
      }
      expect((await t.request().get('/api/admin/messaging/intents').set(service.auth)).status).toBe(403);
      expect((await t.request().get('/api/admin/messaging/intents')).status).toBe(401);
    });
  });
});
