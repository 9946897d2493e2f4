import { eq, sql } from 'drizzle-orm';
import { wecomContacts, wecomMonthlySends } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import type { IntentToSend, SendContext, SendOutcome } from '../messaging/types';
import { chinaMonth, reserveMonthlySend } from './monthly';
import { wecomSender } from './sender';
import { linkWecomContact, randomExternalId, randomUserId } from './test-factories';

describe.each(testDrivers())('wecomSender (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  let nextId = 1;
  const intentFor = (memberId: number, providerRef: string | null = null): IntentToSend => ({
    id: nextId++,
    key: `test:${memberId}:${nextId}`,
    memberId,
    channel: 'wecom',
    purpose: 'marketing',
    template: 'text',
    variables: { title: '会员日', content: '本周六全场 8 折' },
    link: 'pages/index/index',
    attempts: 0,
    providerRef,
    journeyId: null,
    campaignId: null,
    createdAt: t.clock.now(),
  });
  const ctx = (): SendContext => ({ deps: t.deps, now: t.clock.now() });
  const waiting = (outcome: SendOutcome): string => {
    if (outcome.kind !== 'waiting') throw new Error(`expected waiting, got ${JSON.stringify(outcome)}`);
    return outcome.providerRef;
  };

  it('makes a task for the member’s follow user (waiting), then sent once the staff member confirms', async () => {
    const member = await createMemberDirect(t);
    const sender = randomUserId();
    await linkWecomContact(t, member.id, sender);
    const intent = intentFor(member.id);
    const at = ctx();
    const outcome = await wecomSender.send(at, intent);
    const ref = waiting(outcome);
    expect(outcome).toMatchObject({ checkAfter: new Date(at.now.getTime() + 60_000), waitUntil: new Date(at.now.getTime() + 24 * 3_600_000) });
    const msgid = ref.split('/')[0] ?? '';
    expect(await t.wecomSimulator.groupMsg(msgid)).toMatchObject({ sender, content: { text: '会员日\n本周六全场 8 折' } });
    expect((await wecomSender.poll?.(ctx(), { ...intent, providerRef: ref }))?.kind).toBe('waiting');
    await t.wecomSimulator.confirmGroupMsg(msgid);
    expect(await wecomSender.poll?.(ctx(), { ...intent, providerRef: ref })).toMatchObject({ kind: 'sent' });
    expect(await wecomSender.status?.(ctx(), { ...intent, providerRef: ref })).toMatchObject({ kind: 'sent' });
    expect(await wecomSender.status?.(ctx(), { ...intent, providerRef: null })).toBeNull();
  });

  it('skips no_wecom_contact without a live contact (none, or deleted)', async () => {
    const member = await createMemberDirect(t);
    expect(await wecomSender.send(ctx(), intentFor(member.id))).toMatchObject({ kind: 'skip', reason: 'no_wecom_contact' });
    const ext = await linkWecomContact(t, member.id, randomUserId());
    await t.deps.db.update(wecomContacts).set({ deletedAt: t.clock.now() }).where(eq(wecomContacts.externalUserId, ext));
    expect(await wecomSender.send(ctx(), intentFor(member.id))).toMatchObject({ kind: 'skip', reason: 'no_wecom_contact' });
  });

  it('skips wecom_monthly_limit at our own monthly count, before calling WeCom', async () => {
    const member = await createMemberDirect(t);
    const ext = await linkWecomContact(t, member.id, randomUserId());
    const { month, days } = chinaMonth(t.clock.now());
    await t.deps.db.insert(wecomMonthlySends).values({ externalUserId: ext, month, sends: days });
    const calls = t.wecomSimulator.calls.addMsgTemplate;
    expect(await wecomSender.send(ctx(), intentFor(member.id))).toMatchObject({ kind: 'skip', reason: 'wecom_monthly_limit' });
    expect(t.wecomSimulator.calls.addMsgTemplate).toBe(calls);
  });

  it('maps status 3 to wecom_monthly_limit and 2 to no_wecom_contact (the reservation given back)', async () => {
    const member = await createMemberDirect(t);
    const sender = randomUserId();
    const ext = await linkWecomContact(t, member.id, sender);
    const { days } = chinaMonth(t.clock.now());
    await t.deps.db.execute(
      sql`insert into sim_wecom_group_msg_results (msgid, external_user_id, status, send_time_ms)
          select 'old' || g, ${ext}, 1, ${t.clock.now().getTime()} from generate_series(1, ${days}) g`,
    );
    const intent = intentFor(member.id);
    const ref = waiting(await wecomSender.send(ctx(), intent));
    await t.wecomSimulator.confirmGroupMsg(ref.split('/')[0] ?? '');
    expect(await wecomSender.poll?.(ctx(), { ...intent, providerRef: ref })).toMatchObject({ kind: 'skip', reason: 'wecom_monthly_limit' });

    const other = await createMemberDirect(t);
    const ext2 = await linkWecomContact(t, other.id, sender);
    const intent2 = intentFor(other.id);
    const ref2 = waiting(await wecomSender.send(ctx(), intent2));
    // The customer deleted the staff member in WeCom before the confirmation.
    await t.deps.db.execute(sql`update sim_wecom_contacts set follow_users = '[]'::jsonb where external_user_id = ${ext2}`);
    await t.wecomSimulator.confirmGroupMsg(ref2.split('/')[0] ?? '');
    expect(await wecomSender.poll?.(ctx(), { ...intent2, providerRef: ref2 })).toMatchObject({ kind: 'skip', reason: 'no_wecom_contact' });
    const [count] = await t.deps.db.select().from(wecomMonthlySends).where(eq(wecomMonthlySends.externalUserId, ext2));
    expect(count?.sends).toBe(0);
  });

  it('gives up with wecom_not_confirmed 24 h after the task (the fallback runs)', async () => {
    const member = await createMemberDirect(t);
    await linkWecomContact(t, member.id, randomUserId());
    const intent = intentFor(member.id);
    const ref = waiting(await wecomSender.send(ctx(), intent));
    t.clock.advance(23 * 3_600_000);
    expect((await wecomSender.poll?.(ctx(), { ...intent, providerRef: ref }))?.kind).toBe('waiting');
    t.clock.advance(3_600_000);
    expect(await wecomSender.poll?.(ctx(), { ...intent, providerRef: ref })).toMatchObject({ kind: 'skip', reason: 'wecom_not_confirmed' });
  });

  it.each([
    [45009, 'retry'],
    [-1, 'retry'],
    [40058, 'skip'],
  ])('WeCom answering %i to add_msg_template → %s, the monthly reservation given back', async (errcode, kind) => {
    const member = await createMemberDirect(t);
    const ext = await linkWecomContact(t, member.id, randomUserId());
    // The client itself tries a busy answer (-1) 3 more times: busy 4 times in a row reaches the sender.
    t.wecomSimulator.failNext(errcode, errcode === -1 ? 4 : 1);
    const outcome = await wecomSender.send(ctx(), intentFor(member.id));
    expect(outcome).toMatchObject(kind === 'retry' ? { kind: 'retry' } : { kind: 'skip', reason: 'provider_rejected' });
    const [count] = await t.deps.db.select().from(wecomMonthlySends).where(eq(wecomMonthlySends.externalUserId, ext));
    expect(count?.sends ?? 0).toBe(0);
    // The next attempt (WeCom answering again) makes the task.
    expect((await wecomSender.send(ctx(), intentFor(member.id))).kind).toBe('waiting');
  });

  it('lets exactly days-in-month of many parallel reservations through', async () => {
    const ext = randomExternalId();
    const { days } = chinaMonth(t.clock.now());
    const results = await Promise.all(Array.from({ length: days + 15 }, () => reserveMonthlySend(t.deps.db, ext, t.clock.now())));
    expect(results.filter(Boolean)).toHaveLength(days);
  });
});
