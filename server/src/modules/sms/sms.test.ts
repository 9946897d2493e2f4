import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditLog, memberConsents, members, messageIntents, smsSends, smsSuppressions, smsUrlLinks } from '../../db/schema';
import { concurrencyDrivers, testDrivers, type TestDriver } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, TEST_SMS, withSmsTimeout, type TestApp } from '../../testing/test-app';
import type { IntentToSend, SendContext } from '../messaging/types';
import { smsSender } from './sender';
import { ensureDefaultSmsTemplates } from './templates';

let seq = 0;
const newPhone = () => `138${String(process.pid % 1000).padStart(3, '0')}${String((seq += 1)).padStart(5, '0')}`;

async function setup(driver: TestDriver) {
  const t = await createTestApp(driver, { poolSize: 40 });
  await ensureDefaultSmsTemplates(t.deps.db);
  return t;
}

async function memberWithPhone(t: TestApp, phone: string | null = newPhone()) {
  const member = await createMemberDirect(t);
  if (phone) await t.deps.db.update(members).set(t.deps.phoneCrypto.memberColumns(phone)).where(eq(members.id, member.id));
  return { id: member.id, phone: phone ?? '' };
}

async function intentFor(
  t: TestApp,
  memberId: number,
  template: string,
  variables: Record<string, string>,
  journeyId: number | null = 7,
): Promise<IntentToSend> {
  const key = `test:${crypto.randomUUID()}`;
  const [row] = await t.deps.db
    .insert(messageIntents)
    .values({ key, memberId, channel: 'sms', purpose: 'marketing', template, variables, status: 'sending', journeyId })
    .returning();
  if (!row) throw new Error('no intent');
  return {
    id: row.id,
    key,
    memberId,
    channel: 'sms',
    purpose: 'marketing',
    template,
    variables,
    link: null,
    attempts: 0,
    providerRef: null,
    journeyId,
    campaignId: null,
    createdAt: row.createdAt,
  };
}

const ctxOf = (t: TestApp): SendContext => ({ deps: t.deps, now: t.clock.now() });

describe.each(testDrivers())('SMS channel on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await setup(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('admin templates', () => {
    const path = '/api/admin/messaging/sms-templates';
    const good = { code: 'SMS_TEST_1', name: '测试', kind: 'marketing', content: '会员${name}，新品上架，拒收请回复R', signName: '思域商城' };

    it('lists the seeded defaults (seeding twice changes nothing)', async () => {
      await ensureDefaultSmsTemplates(t.deps.db);
      const response = await t.request().get(path).set(owner.auth);
      expect(response.status).toBe(200);
      const codes = (response.body as { items: { code: string; variables: string[] }[] }).items.map((i) => i.code);
      expect(codes.filter((c) => c.startsWith('SMS_') && ['SMS_WINBACK', 'SMS_WELCOME', 'SMS_BIRTHDAY', 'SMS_ORDER_UNPAID'].includes(c)).sort()).toEqual([
        'SMS_BIRTHDAY',
        'SMS_ORDER_UNPAID',
        'SMS_WELCOME',
        'SMS_WINBACK',
      ]);
      const winback = (response.body as { items: { code: string; variables: string[] }[] }).items.find((i) => i.code === 'SMS_WINBACK');
      expect(winback?.variables).toEqual(['name', 'linkTicket', 'link']);
    });

    it.each([
      ['marketing without 拒收请回复R', { ...good, content: '会员${name}，新品上架' }],
      ['a notice with 拒收请回复R', { ...good, kind: 'notice', content: '您的订单${orderNo}已发货，拒收请回复R' }],
      ['a verification template without 验证码', { ...good, kind: 'verification', content: '您的号码为${code}' }],
      ['a sign written into the content', { ...good, content: '【思域】会员${name}，拒收请回复R' }],
      ['a link that is not fixed text', { ...good, content: '会员${name}，点击 ${linkTicket} 领取，拒收请回复R' }],
    ])('refuses %s with 400 SMS_TEMPLATE_INVALID, writing nothing', async (_, body) => {
      const response = await t.request().post(path).set(owner.auth).send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'SMS_TEMPLATE_INVALID' } });
    });

    it('creates (audited), refuses a taken code, edits, and keeps the rules on edit', async () => {
      const created = await t.request().post(path).set(owner.auth).send(good);
      expect(created.status).toBe(201);
      const id = (created.body as { id: number }).id;
      expect(created.body).toMatchObject({ code: 'SMS_TEST_1', variables: ['name'], status: 'approved' });
      expect((await t.request().post(path).set(owner.auth).send(good)).status).toBe(409);
      const edited = await t.request().patch(`${path}/${id}`).set(owner.auth).send({ name: '改名', status: 'pending' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ name: '改名', status: 'pending' });
      const bad = await t.request().patch(`${path}/${id}`).set(owner.auth).send({ kind: 'notice' });
      expect(bad.status).toBe(400);
      expect((await t.request().patch(`${path}/999999`).set(owner.auth).send({ name: 'x' })).status).toBe(404);
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'sms_template'), eq(auditLog.targetId, String(id))));
      expect(audits.map((a) => a.action).sort()).toEqual(['sms_template.create', 'sms_template.update']);
    });

    it('analysts read, cannot write; service staff cannot read', async () => {
      const analyst = await createStaff(t, 'analyst');
      const service = await createStaff(t, 'service');
      expect((await t.request().get(path).set(analyst.auth)).status).toBe(200);
      expect(
        (
          await t
            .request()
            .post(path)
            .set(analyst.auth)
            .send({ ...good, code: 'SMS_TEST_2' })
        ).status,
      ).toBe(403);
      expect((await t.request().get(path).set(service.auth)).status).toBe(403);
      expect((await t.request().get(path)).status).toBe(401);
    });
  });

  describe('sender', () => {
    it('sends SMS_WINBACK with the journey URL Link ticket and a per-recipient cq token; the link is reused', async () => {
      const a = await memberWithPhone(t);
      const b = await memberWithPhone(t);
      const first = await intentFor(t, a.id, 'SMS_WINBACK', { name: '小王' }, 4101);
      const second = await intentFor(t, b.id, 'SMS_WINBACK', { name: '小李' }, 4101);
      expect(await smsSender.send(ctxOf(t), first)).toMatchObject({ kind: 'sent', providerRef: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await smsSender.send(ctxOf(t), second)).toMatchObject({ kind: 'sent' });
      const links = await t.deps.db.select().from(smsUrlLinks).where(eq(smsUrlLinks.scope, 'j:4101'));
      expect(links).toHaveLength(1);
      const ticket = links[0]?.urlLink.split('/').pop() ?? '';
      const [rowA] = await t.deps.db.select().from(smsSends).where(eq(smsSends.intentId, first.id));
      const [rowB] = await t.deps.db.select().from(smsSends).where(eq(smsSends.intentId, second.id));
      expect(rowA?.linkToken).toMatch(/^[0-9A-Za-z]{10}$/);
      expect(rowA?.linkToken).not.toBe(rowB?.linkToken);
      expect(rowA?.bizId).toMatch(/\^0$/);
      expect(rowA?.phoneHash).toBe(t.deps.phoneCrypto.hash(a.phone));
      expect(JSON.stringify(rowA)).not.toContain(a.phone);
      const [message] = await t.smsSimulator.messages(a.phone);
      expect(message?.content).toBe(
        `【思域商城】亲爱的会员小王，好久不见，送您一张回归券，点击 https://wxaurl.cn/${ticket}?cq=${rowA?.linkToken} 领取，拒收请回复R`,
      );
    });

    it('skips: no phone, a suppressed number, an unknown or pending template, a missing or URL variable', async () => {
      const noPhone = await memberWithPhone(t, null);
      expect(await smsSender.send(ctxOf(t), await intentFor(t, noPhone.id, 'SMS_WINBACK', { name: 'x' }))).toMatchObject({ kind: 'skip', reason: 'no_phone' });
      const suppressed = await memberWithPhone(t);
      await t.deps.db
        .insert(smsSuppressions)
        .values({ phoneHash: t.deps.phoneCrypto.hash(suppressed.phone), memberId: suppressed.id, reason: 'R', source: 'test' });
      expect(await smsSender.send(ctxOf(t), await intentFor(t, suppressed.id, 'SMS_WINBACK', { name: 'x' }))).toMatchObject({
        kind: 'skip',
        reason: 'suppressed',
      });
      const m = await memberWithPhone(t);
      expect(await smsSender.send(ctxOf(t), await intentFor(t, m.id, 'SMS_NOPE', {}))).toMatchObject({ kind: 'skip', reason: 'template_invalid' });
      expect(await smsSender.send(ctxOf(t), await intentFor(t, m.id, 'SMS_WINBACK', {}))).toMatchObject({ kind: 'skip', reason: 'template_invalid' });
      expect(await smsSender.send(ctxOf(t), await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'www.evil.com' }))).toMatchObject({
        kind: 'skip',
        reason: 'template_invalid',
      });
      expect(await t.smsSimulator.messages(m.phone)).toHaveLength(0);
    });

    it('flow control is a skip for the day, not a retry', async () => {
      const m = await memberWithPhone(t);
      t.smsSimulator.failNext('isv.BUSINESS_LIMIT_CONTROL');
      const intent = await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'SO1' });
      expect(await smsSender.send(ctxOf(t), intent)).toMatchObject({ kind: 'skip', reason: 'flow_control' });
      expect(await smsSender.status?.(ctxOf(t), { ...intent, attempts: 1 })).toMatchObject({ kind: 'skip', reason: 'flow_control' });
    });

    it('a call recorded then timed out: retry with the OutId, status() finds it, no second SMS', async () => {
      const m = await memberWithPhone(t);
      const intent = await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'SO2' });
      // A 1 s client for this call only, so the simulator's 2.5 s hang is a timeout.
      const outcome = await withSmsTimeout(t, () => smsSender.send(ctxOf(t), intent));
      expect(outcome).toMatchObject({ kind: 'retry', reason: 'sms_timeout', providerRef: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const again = { ...intent, attempts: 1, providerRef: outcome.kind === 'retry' ? (outcome.providerRef ?? null) : null };
      expect(await smsSender.status?.(ctxOf(t), again)).toMatchObject({ kind: 'sent' });
      expect(await smsSender.send(ctxOf(t), again)).toMatchObject({ kind: 'sent' });
      expect(await t.smsSimulator.messages(m.phone)).toHaveLength(1);
    });

    it('a call refused outright (isp.SYSTEM_ERROR): retry, status() says not sent, the next attempt sends once', async () => {
      const m = await memberWithPhone(t);
      const intent = await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'SO3' });
      t.smsSimulator.failNext('isp.SYSTEM_ERROR');
      expect(await smsSender.send(ctxOf(t), intent)).toMatchObject({ kind: 'retry', reason: 'isp.SYSTEM_ERROR' });
      expect(await smsSender.status?.(ctxOf(t), { ...intent, attempts: 1 })).toBeNull();
      expect(await smsSender.send(ctxOf(t), { ...intent, attempts: 1 })).toMatchObject({ kind: 'sent' });
      expect(await t.smsSimulator.messages(m.phone)).toHaveLength(1);
    });
  });

  describe('callbacks', () => {
    async function sentIntent() {
      const m = await memberWithPhone(t);
      const intent = await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'SO9' });
      expect(await smsSender.send(ctxOf(t), intent)).toMatchObject({ kind: 'sent' });
      await t.deps.db.update(messageIntents).set({ status: 'sent' }).where(eq(messageIntents.id, intent.id));
      const [row] = await t.deps.db.select().from(smsSends).where(eq(smsSends.intentId, intent.id));
      return { m, intent, outId: row?.outId ?? '' };
    }
    const state = async (intentId: number) => {
      const [send] = await t.deps.db.select().from(smsSends).where(eq(smsSends.intentId, intentId));
      const [intent] = await t.deps.db.select().from(messageIntents).where(eq(messageIntents.id, intentId));
      return { send: send?.status, error: send?.errorCode, intent: intent?.status };
    };

    it('a receipt, duplicated, marks the send and the intent delivered once; a late failure changes nothing', async () => {
      const { intent, outId } = await sentIntent();
      expect(await t.smsSimulator.deliverReports({ outId, times: 2 })).toEqual([200, 200]);
      expect(await state(intent.id)).toEqual({ send: 'delivered', error: null, intent: 'delivered' });
      expect(await t.smsSimulator.deliverReports({ outId, success: false })).toEqual([200]);
      expect(await state(intent.id)).toEqual({ send: 'delivered', error: null, intent: 'delivered' });
    });

    it('a failure receipt marks both failed', async () => {
      const { intent, outId } = await sentIntent();
      await t.smsSimulator.deliverReports({ outId, success: false, errCode: 'MK:0001' });
      expect(await state(intent.id)).toEqual({ send: 'failed', error: 'MK:0001', intent: 'failed' });
    });

    it('a forged receipt (no token, wrong token) is 401 and writes nothing', async () => {
      const { intent, outId } = await sentIntent();
      const base = `${t.baseUrl}/api/sms/aliyun/report`;
      expect(await t.smsSimulator.deliverReports({ outId, url: base })).toEqual([401]);
      expect(await t.smsSimulator.deliverReports({ outId, url: `${base}?token=${TEST_SMS.callbackToken}x` })).toEqual([401]);
      expect(await t.smsSimulator.deliverReports({ outId, url: `${base}?token[]=${TEST_SMS.callbackToken}` })).toEqual([401]);
      expect(await state(intent.id)).toEqual({ send: 'accepted', error: null, intent: 'sent' });
    });

    it.each(['R', ' td ', '退订', 'r'])('an uplink %j suppresses the number and records the SMS opt-out; the next send is skipped', async (reply) => {
      const m = await memberWithPhone(t);
      expect(await t.smsSimulator.sendUplink(m.phone, reply)).toBe(200);
      const [row] = await t.deps.db
        .select()
        .from(smsSuppressions)
        .where(eq(smsSuppressions.phoneHash, t.deps.phoneCrypto.hash(m.phone)));
      expect(row).toMatchObject({ memberId: m.id, source: 'sms_uplink' });
      const [consent] = await t.deps.db
        .select()
        .from(memberConsents)
        .where(and(eq(memberConsents.memberId, m.id), eq(memberConsents.channel, 'sms')));
      expect(consent).toMatchObject({ granted: false, source: 'sms_uplink' });
      expect(await t.smsSimulator.sendUplink(m.phone, reply)).toBe(200);
      expect(await smsSender.send(ctxOf(t), await intentFor(t, m.id, 'SMS_ORDER_UNPAID', { orderNo: 'SO5' }))).toMatchObject({
        kind: 'skip',
        reason: 'suppressed',
      });
    });

    it('other replies are ignored; a forged uplink is 401 and suppresses nobody', async () => {
      const m = await memberWithPhone(t);
      expect(await t.smsSimulator.sendUplink(m.phone, '好的谢谢')).toBe(200);
      expect(await t.smsSimulator.sendUplink(m.phone, 'R', { url: `${t.baseUrl}/api/sms/aliyun/uplink?token=forged-token-forged-token-0000` })).toBe(401);
      expect(
        await t.deps.db
          .select()
          .from(smsSuppressions)
          .where(eq(smsSuppressions.phoneHash, t.deps.phoneCrypto.hash(m.phone))),
      ).toHaveLength(0);
    });
  });
});

describe.each(concurrencyDrivers())('SMS sender races on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setup(driver);
  });
  afterAll(async () => {
    await t.close();
  });

  it('30 parallel sends of one intent make one SMS and one sms_sends row', async () => {
    const m = await memberWithPhone(t);
    const intent = await intentFor(t, m.id, 'SMS_WINBACK', { name: '并发' }, 5151);
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => smsSender.send(ctxOf(t), intent)));
    expect(outcomes.filter((o) => o.kind === 'skip')).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'sent').length).toBeGreaterThanOrEqual(1);
    expect(await t.smsSimulator.messages(m.phone)).toHaveLength(1);
    expect(await t.deps.db.select().from(smsSends).where(eq(smsSends.intentId, intent.id))).toHaveLength(1);
    // And 30 parallel retries of the next attempt still make no second SMS (status() finds the first).
    const retried = await Promise.all(Array.from({ length: 30 }, () => smsSender.send(ctxOf(t), { ...intent, attempts: 1 })));
    expect(retried.filter((o) => o.kind === 'skip')).toEqual([]);
    expect(await t.smsSimulator.messages(m.phone)).toHaveLength(1);
  });
});
