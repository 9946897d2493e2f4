import { eq, inArray, sql } from 'drizzle-orm';
import { campaigns, memberConsentLog, memberMessages, memberNotices, members, messageIntents } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect } from '../../testing/fixtures';
import { createTestApp, withSmsTimeout, type TestApp } from '../../testing/test-app';
import { ensureDefaultSmsTemplates } from '../sms/templates';
import { recordOptOut } from './consent';
import { dispatchDue, MAX_ATTEMPTS, STALE_SENDING_MS } from './dispatcher';
import { CHINA_NOON, chinaAt, intentsById, messagesOfIntents, setConsentRow, useSettings, writeIntents } from './messaging.test-helpers';
import { bridgeNotices } from './notices';
import { CHANNEL_SENDERS } from './senders';
import type { ChannelSender } from './types';

const MINUTE = 60_000;

/** Dispatches at `now` until nothing more is claimed. */
async function drain(t: TestApp, now: Date): Promise<void> {
  for (let run = 0; run < 50; run += 1) if ((await dispatchDue(t.deps, now)).claimed === 0) return;
}

/** Settles every due intent left by an earlier test, so each test sees only its own. */
async function settleOthers(t: TestApp): Promise<void> {
  await t.deps.db.execute(sql`update message_intents set status = 'skipped', reason = 'holdout' where status in ('pending','sending','waiting')`);
}

describe.each(testDrivers())('message dispatch on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await settleOthers(t);
    await useSettings(t.deps.db);
  });

  it('sends in-app intents once: one member_messages row each, delivered, kind from the template', async () => {
    const member = await createMemberDirect(t);
    const ids = await writeIntents(t.deps.db, [
      { memberId: member.id, purpose: 'service', template: 'order_unpaid', variables: { title: '订单待支付', content: '您的订单还未支付' } },
      { memberId: member.id, purpose: 'marketing' },
    ]);
    const result = await dispatchDue(t.deps, CHINA_NOON);
    expect(result).toMatchObject({ claimed: 2, sent: 2, skipped: 0 });
    const intents = await intentsById(t.deps.db, ids);
    expect(intents.map((row) => row.status)).toEqual(['delivered', 'delivered']);
    expect(intents[0]?.sentAt).toEqual(CHINA_NOON);
    const messages = await messagesOfIntents(t.deps.db, ids);
    expect(messages).toHaveLength(2);
    const first = messages.find((row) => row.intentId === ids[0]);
    expect(first).toMatchObject({ memberId: member.id, kind: 'order_unpaid', title: '订单待支付', body: '您的订单还未支付' });
    expect(intents[0]?.providerRef).toBe(String(first?.id));
    expect((await dispatchDue(t.deps, CHINA_NOON)).claimed).toBe(0);
  });

  it('consent withdrawn between entry and send: skipped no_consent at send time, and the fallback is written', async () => {
    const member = await createMemberDirect(t);
    await setConsentRow(t.deps.db, member.id, 'sms', true);
    const [id] = await writeIntents(t.deps.db, [
      {
        memberId: member.id,
        channel: 'sms',
        key: `optout:${member.id}`,
        fallback: { channel: 'inapp', template: 'text', variables: { title: '回来看看', content: '新品上架' } },
      },
    ]);
    // The uplink 退订 arrives after the intent was written.
    await recordOptOut(t.deps.db, member.id, 'sms', 'sms_uplink', 'TD', CHINA_NOON);
    await dispatchDue(t.deps, CHINA_NOON);
    const [intent] = await intentsById(t.deps.db, [id!]);
    expect(intent).toMatchObject({ status: 'skipped', reason: 'no_consent' });
    const [fallback] = await t.deps.db
      .select()
      .from(messageIntents)
      .where(eq(messageIntents.key, `optout:${member.id}:fb`));
    expect(fallback).toMatchObject({ channel: 'inapp', purpose: 'marketing', memberId: member.id, journeyId: 1, fallback: null });
    await dispatchDue(t.deps, CHINA_NOON);
    const [sentFallback] = await intentsById(t.deps.db, [fallback!.id]);
    expect(sentFallback?.status).toBe('delivered');
    const log = await t.deps.db.select().from(memberConsentLog).where(eq(memberConsentLog.memberId, member.id));
    expect(log).toMatchObject([{ channel: 'sms', granted: false, source: 'sms_uplink', proof: 'TD' }]);
  });

  it('personalized off: journey marketing skipped, a broadcast to everyone and service messages still sent', async () => {
    const member = await createMemberDirect(t);
    await setConsentRow(t.deps.db, member.id, 'personalized', false);
    const [everyone] = await t.deps.db.insert(campaigns).values({ name: '双十二', kind: 'broadcast', scheduledAt: CHINA_NOON }).returning({ id: campaigns.id });
    const ids = await writeIntents(t.deps.db, [
      { memberId: member.id },
      { memberId: member.id, journeyId: null, campaignId: everyone!.id },
      { memberId: member.id, purpose: 'service' },
    ]);
    await dispatchDue(t.deps, CHINA_NOON);
    const rows = await intentsById(t.deps.db, ids);
    expect(rows.map((row) => [row.status, row.reason])).toEqual([
      ['skipped', 'personalization_off'],
      ['delivered', null],
      ['delivered', null],
    ]);
  });

  it('SMS suppression: a suppressed number is skipped suppressed', async () => {
    const member = await createMemberDirect(t);
    await setConsentRow(t.deps.db, member.id, 'sms', true);
    await t.deps.db.execute(sql`update members set phone_hash = ${`hash-${member.id}`} where id = ${member.id}`);
    await t.deps.db.execute(sql`insert into sms_suppressions (phone_hash, reason, source) values (${`hash-${member.id}`}, 'R', 'uplink')`);
    const [id] = await writeIntents(t.deps.db, [{ memberId: member.id, channel: 'sms' }]);
    await dispatchDue(t.deps, CHINA_NOON);
    expect((await intentsById(t.deps.db, [id!]))[0]).toMatchObject({ status: 'skipped', reason: 'suppressed' });
  });

  it.each([
    ['channel per day', { inapp: { perDay: 2, perWeek: 20 }, all: { perDay: 10, perWeek: 20 } }, 2, 'cap_day'],
    ['channel per week', { inapp: { perDay: 10, perWeek: 3 }, all: { perDay: 10, perWeek: 20 } }, 3, 'cap_week'],
    ['all channels per day', { inapp: { perDay: 10, perWeek: 20 }, all: { perDay: 4, perWeek: 20 } }, 4, 'cap_all_day'],
    ['all channels per week', { inapp: { perDay: 10, perWeek: 20 }, all: { perDay: 10, perWeek: 1 } }, 1, 'cap_all_week'],
  ])('caps (%s): exactly the cap is sent, the rest skipped with the reason; service is not capped', async (_name, caps, allowed, reason) => {
    const { DEFAULT_MESSAGING_SETTINGS } = await import('@siyu/shared');
    await useSettings(t.deps.db, { caps: { ...DEFAULT_MESSAGING_SETTINGS.caps, ...caps } });
    const member = await createMemberDirect(t);
    const ids = await writeIntents(
      t.deps.db,
      Array.from({ length: 6 }, () => ({ memberId: member.id })),
    );
    const service = await writeIntents(t.deps.db, [{ memberId: member.id, purpose: 'service' }]);
    // Two runs of 3: the cap holds across runs (counted from the table) and within one (counted in the batch).
    await dispatchDue(t.deps, CHINA_NOON, 3);
    await drain(t, CHINA_NOON);
    const rows = await intentsById(t.deps.db, ids);
    expect(rows.filter((row) => row.status === 'delivered')).toHaveLength(allowed);
    expect(rows.filter((row) => row.status === 'skipped').map((row) => row.reason)).toEqual(Array(6 - allowed).fill(reason));
    expect((await intentsById(t.deps.db, service))[0]?.status).toBe('delivered');
  });

  it('the day cap counts the China day: sends of yesterday count for the week only', async () => {
    const { DEFAULT_MESSAGING_SETTINGS } = await import('@siyu/shared');
    await useSettings(t.deps.db, { caps: { ...DEFAULT_MESSAGING_SETTINGS.caps, inapp: { perDay: 1, perWeek: 2 }, all: { perDay: 5, perWeek: 5 } } });
    const member = await createMemberDirect(t);
    await writeIntents(t.deps.db, [{ memberId: member.id }]);
    await dispatchDue(t.deps, chinaAt('23:59:00'));
    const [today, nextDay, third] = await writeIntents(t.deps.db, [{ memberId: member.id }, { memberId: member.id }, { memberId: member.id }]);
    await dispatchDue(t.deps, chinaAt('00:01:00', '2026-12-08'), 1);
    await drain(t, chinaAt('00:01:00', '2026-12-08'));
    const rows = await intentsById(t.deps.db, [today!, nextDay!, third!]);
    expect(rows.map((row) => row.reason)).toEqual([null, 'cap_day', 'cap_day']);
    const [later] = await writeIntents(t.deps.db, [{ memberId: member.id }]);
    await dispatchDue(t.deps, chinaAt('12:00:00', '2026-12-09'));
    expect((await intentsById(t.deps.db, [later!]))[0]?.reason).toBe('cap_week');
  });

  it.each([
    ['20:59:59', false],
    ['21:00:00', true],
    ['07:59:59', true],
    ['08:00:00', false],
  ])('quiet hours at %s China time: held = %s (pending, not_before moved to 08:00, not skipped)', async (time, held) => {
    const member = await createMemberDirect(t);
    await setConsentRow(t.deps.db, member.id, 'sms', true);
    const [id] = await writeIntents(t.deps.db, [{ memberId: member.id, channel: 'sms' }]);
    const now = chinaAt(time);
    const result = await dispatchDue(t.deps, now);
    const [row] = await intentsById(t.deps.db, [id!]);
    if (held) {
      expect(result.held).toBe(1);
      const opens = time < '12' ? chinaAt('08:00:00') : chinaAt('08:00:00', '2026-12-08');
      expect(row).toMatchObject({ status: 'pending', reason: null, attempts: 0, notBefore: opens });
      expect((await dispatchDue(t.deps, new Date(opens.getTime() - 1000))).claimed).toBe(0);
    } else {
      expect(result.held).toBe(0);
      expect(row?.status).not.toBe('pending');
    }
  });

  it('a channel without a sender: skipped provider_rejected, and its fallback sent', async () => {
    const saved = CHANNEL_SENDERS.wecom;
    delete CHANNEL_SENDERS.wecom;
    try {
      const member = await createMemberDirect(t);
      const [id] = await writeIntents(t.deps.db, [
        {
          memberId: member.id,
          channel: 'wecom',
          purpose: 'service',
          key: `nosender:${member.id}`,
          fallback: { channel: 'inapp', template: 'text', variables: { title: 't', content: 'c' } },
        },
      ]);
      await dispatchDue(t.deps, CHINA_NOON);
      expect((await intentsById(t.deps.db, [id!]))[0]).toMatchObject({ status: 'skipped', reason: 'provider_rejected' });
      await dispatchDue(t.deps, CHINA_NOON);
      const [fallback] = await t.deps.db
        .select()
        .from(messageIntents)
        .where(eq(messageIntents.key, `nosender:${member.id}:fb`));
      expect(fallback?.status).toBe('delivered');
    } finally {
      if (saved) CHANNEL_SENDERS.wecom = saved;
    }
  });

  describe('exactly once under crashes', () => {
    it('a worker dying between send and record: the intent stays sending, is recovered after 2 minutes, one message', async () => {
      const member = await createMemberDirect(t);
      const ids = await writeIntents(
        t.deps.db,
        Array.from({ length: 20 }, () => ({ memberId: member.id, purpose: 'service' as const })),
      );
      await expect(
        dispatchDue(t.deps, CHINA_NOON, 200, {
          afterSendHook: () => {
            throw new Error('worker killed');
          },
        }),
      ).rejects.toThrow('worker killed');
      const left = await intentsById(t.deps.db, ids);
      expect(left.every((row) => row.status === 'sending')).toBe(true);
      const partial = (await messagesOfIntents(t.deps.db, ids)).length;
      expect(partial).toBeGreaterThan(0);
      // Not yet stale: nobody touches them.
      expect((await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + MINUTE))).claimed).toBe(0);
      await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + STALE_SENDING_MS + 1000));
      const settled = await intentsById(t.deps.db, ids);
      expect(settled.every((row) => row.status === 'delivered' && row.attempts === 2)).toBe(true);
      const messages = await messagesOfIntents(t.deps.db, ids);
      expect(messages).toHaveLength(20);
      expect(new Set(messages.map((row) => row.intentId)).size).toBe(20);
    });

    it('property: random crashes over many rounds still end with exactly one message per intent', async () => {
      let seed = 42;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const members = await Promise.all(Array.from({ length: 5 }, () => createMemberDirect(t)));
      const ids = await writeIntents(
        t.deps.db,
        Array.from({ length: 60 }, (_, i) => ({ memberId: members[i % 5]!.id, purpose: 'service' as const })),
      );
      let now = CHINA_NOON.getTime();
      for (let round = 0; round < 30; round += 1) {
        now += STALE_SENDING_MS + 1000;
        await dispatchDue(t.deps, new Date(now), 17, {
          afterSendHook: () => {
            if (random() < 0.3) throw new Error('crash');
          },
        }).catch(() => undefined);
      }
      await drain(t, new Date(now + STALE_SENDING_MS + 1000));
      const rows = await intentsById(t.deps.db, ids);
      expect(rows.filter((row) => row.status !== 'delivered')).toEqual([]);
      const messages = await messagesOfIntents(t.deps.db, ids);
      expect(messages).toHaveLength(60);
      expect(new Set(messages.map((row) => row.intentId)).size).toBe(60);
    });
  });

  describe('exactly once with a provider that has no idempotency key (Aliyun SMS simulator)', () => {
    async function smsIntent(): Promise<{ id: number; phone: string }> {
      await ensureDefaultSmsTemplates(t.deps.db);
      const member = await createMemberDirect(t);
      const phone = `139${String(process.pid % 1000).padStart(3, '0')}${String(member.id % 100_000).padStart(5, '0')}`;
      await t.deps.db.update(members).set(t.deps.phoneCrypto.memberColumns(phone)).where(eq(members.id, member.id));
      const [id] = await writeIntents(t.deps.db, [
        { memberId: member.id, channel: 'sms', purpose: 'service', template: 'SMS_ORDER_UNPAID', variables: { orderNo: `SO${member.id}` } },
      ]);
      return { id: id!, phone };
    }

    it('a worker killed after the claim, before the call: recovered after 2 minutes, one SMS', async () => {
      const { id, phone } = await smsIntent();
      // What a worker killed right after its claim leaves behind: the intent 'sending', attempt 1, nothing at Aliyun.
      const claimedAt = t.clock.now();
      await t.deps.db.update(messageIntents).set({ status: 'sending', attempts: 1, sentAt: claimedAt, updatedAt: claimedAt }).where(eq(messageIntents.id, id));
      expect((await dispatchDue(t.deps, new Date(claimedAt.getTime() + MINUTE))).claimed).toBe(0);
      t.clock.advance(STALE_SENDING_MS + 1000);
      await drain(t, t.clock.now());
      expect((await intentsById(t.deps.db, [id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await t.smsSimulator.messages(phone)).toHaveLength(1);
    });

    it('a worker killed after Aliyun accepted, before recording: status() finds it, no second SMS', async () => {
      const { id, phone } = await smsIntent();
      await expect(
        dispatchDue(t.deps, t.clock.now(), 200, {
          afterSendHook: () => {
            throw new Error('worker killed');
          },
        }),
      ).rejects.toThrow('worker killed');
      expect((await intentsById(t.deps.db, [id]))[0]).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await t.smsSimulator.messages(phone)).toHaveLength(1);
      t.clock.advance(STALE_SENDING_MS + 1000);
      await drain(t, t.clock.now());
      expect((await intentsById(t.deps.db, [id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await t.smsSimulator.messages(phone)).toHaveLength(1);
    });

    it('a provider timeout: retried after the backoff, status() finds the first call, no second SMS', async () => {
      const { id, phone } = await smsIntent();
      const first = await withSmsTimeout(t, () => dispatchDue(t.deps, t.clock.now()));
      expect(first.retried).toBe(1);
      expect((await intentsById(t.deps.db, [id]))[0]).toMatchObject({ status: 'pending', reason: 'sms_timeout' });
      t.clock.advance(60 * MINUTE);
      await drain(t, t.clock.now());
      expect((await intentsById(t.deps.db, [id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await t.smsSimulator.messages(phone)).toHaveLength(1);
    });
  });

  describe('retries and waiting (a test sender registered for the channel)', () => {
    let saved: ChannelSender | undefined;
    beforeEach(() => {
      saved = CHANNEL_SENDERS.wecom;
    });
    afterEach(() => {
      if (saved) CHANNEL_SENDERS.wecom = saved;
      else delete CHANNEL_SENDERS.wecom;
    });

    it('retry backs off 2^attempts × 30 s and fails after the last attempt', async () => {
      CHANNEL_SENDERS.wecom = { channel: 'wecom', send: async () => ({ kind: 'retry', reason: 'busy' }) };
      const member = await createMemberDirect(t);
      const [id] = await writeIntents(t.deps.db, [{ memberId: member.id, channel: 'wecom', purpose: 'service' }]);
      let now = CHINA_NOON.getTime();
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        await dispatchDue(t.deps, new Date(now));
        const [row] = await intentsById(t.deps.db, [id!]);
        expect(row?.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(row?.status).toBe('pending');
          waits.push(row!.notBefore.getTime() - now);
          now = row!.notBefore.getTime();
        } else expect(row).toMatchObject({ status: 'failed', reason: 'busy' });
      }
      expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    });

    it('waiting is polled at checkAfter and falls back past waitUntil (wecom_not_confirmed)', async () => {
      let polls = 0;
      CHANNEL_SENDERS.wecom = {
        channel: 'wecom',
        send: async (ctx) => ({
          kind: 'waiting',
          providerRef: 'msg-1',
          checkAfter: new Date(ctx.now.getTime() + MINUTE),
          waitUntil: new Date(ctx.now.getTime() + 10 * MINUTE),
        }),
        poll: async (ctx) => {
          polls += 1;
          return {
            kind: 'waiting',
            providerRef: 'msg-1',
            checkAfter: new Date(ctx.now.getTime() + 5 * MINUTE),
            waitUntil: new Date(CHINA_NOON.getTime() + 10 * MINUTE),
          };
        },
      };
      const member = await createMemberDirect(t);
      const [id] = await writeIntents(t.deps.db, [
        {
          memberId: member.id,
          channel: 'wecom',
          purpose: 'service',
          key: `wait:${member.id}`,
          fallback: { channel: 'inapp', template: 'text', variables: { title: 't', content: 'c' } },
        },
      ]);
      await dispatchDue(t.deps, CHINA_NOON);
      expect((await intentsById(t.deps.db, [id!]))[0]).toMatchObject({ status: 'waiting', providerRef: 'msg-1' });
      expect((await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + 30_000))).claimed).toBe(0);
      await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + MINUTE));
      expect(polls).toBe(1);
      await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + 11 * MINUTE));
      expect((await intentsById(t.deps.db, [id!]))[0]).toMatchObject({ status: 'skipped', reason: 'wecom_not_confirmed' });
      const [fallback] = await t.deps.db
        .select()
        .from(messageIntents)
        .where(eq(messageIntents.key, `wait:${member.id}:fb`));
      expect(fallback?.status).toBe('pending');
    });

    it('a stale sending intent asks status() first: sent settles it without sending again', async () => {
      let sends = 0;
      CHANNEL_SENDERS.wecom = {
        channel: 'wecom',
        send: async () => {
          sends += 1;
          return { kind: 'sent', providerRef: 'x' };
        },
        status: async () => ({ kind: 'sent', providerRef: 'from-status' }),
      };
      const member = await createMemberDirect(t);
      const [id] = await writeIntents(t.deps.db, [{ memberId: member.id, channel: 'wecom', purpose: 'service' }]);
      await dispatchDue(t.deps, CHINA_NOON, 200, {
        afterSendHook: () => {
          throw new Error('killed');
        },
      }).catch(() => undefined);
      await dispatchDue(t.deps, new Date(CHINA_NOON.getTime() + STALE_SENDING_MS + 1000));
      expect(sends).toBe(1);
      expect((await intentsById(t.deps.db, [id!]))[0]).toMatchObject({ status: 'sent', providerRef: 'from-status' });
    });
  });

  describe('the member_notices bridge', () => {
    it('turns each new notice into one service in-app intent with Chinese text, once', async () => {
      const member = await createMemberDirect(t);
      const now = t.clock.now();
      const notices = await t.deps.db
        .insert(memberNotices)
        .values([
          {
            memberId: member.id,
            kind: 'points_expiring',
            data: { points: 120, expiresAt: '2026-12-31T15:59:59.999Z', lotIds: [1] },
            sourceKey: `pe:${member.id}`,
            createdAt: now,
          },
          {
            memberId: member.id,
            kind: 'birthday_gift',
            data: { tierCode: 'bronze', points: 50, memberCouponId: 9, couponError: null },
            sourceKey: `bd:${member.id}`,
            createdAt: now,
          },
          {
            memberId: member.id,
            kind: 'tier_downgrade_warning',
            data: { fromTier: 'gold', toTier: 'silver', at: '2027-01-01T00:00:00Z', growthNeeded: 300 },
            sourceKey: `tw:${member.id}`,
            createdAt: now,
          },
          { memberId: member.id, kind: 'something_else', data: {}, sourceKey: `x:${member.id}`, createdAt: now },
        ])
        .returning({ id: memberNotices.id });
      expect(await bridgeNotices(t.deps.db, now)).toBe(3);
      expect(await bridgeNotices(t.deps.db, now)).toBe(0);
      await dispatchDue(t.deps, now);
      const keys = notices.slice(0, 3).map((notice) => `notice:${notice.id}`);
      const intents = await t.deps.db.select().from(messageIntents).where(inArray(messageIntents.key, keys));
      expect(intents.map((row) => [row.purpose, row.channel, row.status])).toEqual(Array(3).fill(['service', 'inapp', 'delivered']));
      const messages = await t.deps.db.select().from(memberMessages).where(eq(memberMessages.memberId, member.id));
      expect(messages.map((row) => row.title).sort()).toEqual(['会员等级即将调整', '生日快乐', '积分即将过期'].sort());
      const expiring = messages.find((row) => row.kind === 'points_expiring');
      expect(expiring?.body).toContain('120 积分将于 2026-12-31 过期');
      expect(messages.find((row) => row.kind === 'birthday_gift')?.body).toContain('50 积分和一张生日优惠券');
    });

    it('skips notices older than a week', async () => {
      const member = await createMemberDirect(t);
      const old = new Date(t.clock.now().getTime() - 8 * 24 * 60 * MINUTE);
      await t.deps.db
        .insert(memberNotices)
        .values({ memberId: member.id, kind: 'birthday_gift', data: { points: 10 }, sourceKey: `old:${member.id}`, createdAt: old });
      await bridgeNotices(t.deps.db, t.clock.now());
      const intents = await t.deps.db.select().from(messageIntents).where(eq(messageIntents.memberId, member.id));
      expect(intents).toEqual([]);
    });
  });
});
