import { eq, sql } from 'drizzle-orm';
import { auditLog, memberConsents } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildWecomXml } from '../../wecom/xml';
import { settleWecomEnrichments } from '../wecom';
import { nowSeconds, postCallback, signedCallback } from '../wecom/test-factories';
import { settleWecomMessaging } from './registry';
import { linkWecomContact, randomExternalId, testWecomClient } from './test-factories';
import { sendWelcome, welcomeSendsTo } from './welcome';

const SETTINGS = { enabled: true, text: '欢迎光临思语小店', miniprogram: { title: '新人礼包', page: 'pages/coupons/index' } };

describe.each(testDrivers())('WeCom welcome message (%s)', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    operator = await createStaff(t, 'operator');
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(async () => {
    await settleWecomMessaging();
    await settleWecomEnrichments();
    await t.close();
  });

  const welcomeCodeOf = async (externalUserId: string): Promise<string> => {
    const rows = await t.deps.db.execute(sql`select code from sim_wecom_welcome_codes where external_user_id = ${externalUserId}`);
    return (rows as unknown as { rows: { code: string }[] }).rows[0]?.code ?? '';
  };
  const scan = async (): Promise<string> => {
    const way = await testWecomClient(t).addContactWay({ state: 'c=welcome', users: ['sales-01'] });
    const externalUserId = randomExternalId();
    await t.wecomSimulator.setAdminWelcome(false);
    const delivery = await t.wecomSimulator.scanContactWay({ configId: way.configId, externalUserId });
    expect(delivery?.status).toBe(200);
    await settleWecomMessaging();
    return externalUserId;
  };

  describe('GET/PUT /api/admin/messaging/wecom-welcome', () => {
    it('saves the setting (audited), reads it back; analyst may read but not write; bad input is 400 and writes nothing', async () => {
      const put = await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(SETTINGS);
      expect([put.status, put.body.enabled, put.body.miniprogram]).toEqual([200, true, SETTINGS.miniprogram]);
      expect((await t.request().get('/api/admin/messaging/wecom-welcome').set(analyst.auth)).body).toMatchObject({ text: SETTINGS.text });
      expect((await t.request().put('/api/admin/messaging/wecom-welcome').set(analyst.auth).send(SETTINGS)).status).toBe(403);
      for (const bad of [
        { ...SETTINGS, text: '', miniprogram: null },
        { ...SETTINGS, extra: 1 },
        { ...SETTINGS, miniprogram: { title: 'x', page: 'javascript:alert(1) ' } },
      ]) {
        const res = await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(bad);
        expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'wecom_welcome.update'));
      expect(audits).toHaveLength(1);
    });
  });

  describe('on add_external_contact', () => {
    it('sends the welcome message with the event code at once (text and the mini-program card)', async () => {
      await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(SETTINGS);
      const externalUserId = await scan();
      expect(await welcomeSendsTo(t.deps.db, externalUserId)).toEqual([{ status: 'sent', errcode: null }]);
      expect(await t.wecomSimulator.welcomeMessagesTo(externalUserId)).toEqual([
        {
          text: SETTINGS.text,
          attachments: [{ msgtype: 'miniprogram', miniprogram: { title: '新人礼包', appid: t.deps.config.wechat.appid, page: 'pages/coupons/index' } }],
        },
      ]);
    });

    it('sends nothing twice for a re-delivered event (same code), and records a late code (41050) without retrying', async () => {
      await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(SETTINGS);
      const externalUserId = await scan();
      const code = await welcomeCodeOf(externalUserId);
      expect(await sendWelcome(t.deps, { welcomeCode: code, externalUserId, userId: 'sales-01' })).toBe('duplicate');
      expect(await t.wecomSimulator.welcomeMessagesTo(externalUserId)).toHaveLength(1);

      await t
        .request()
        .put('/api/admin/messaging/wecom-welcome')
        .set(operator.auth)
        .send({ ...SETTINGS, enabled: false });
      const late = await scan();
      expect(await welcomeSendsTo(t.deps.db, late)).toEqual([]);
      await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(SETTINGS);
      t.clock.advance(21_000);
      expect(await sendWelcome(t.deps, { welcomeCode: await welcomeCodeOf(late), externalUserId: late, userId: 'sales-01' })).toBe('failed');
      expect(await welcomeSendsTo(t.deps.db, late)).toEqual([{ status: 'failed', errcode: 41050 }]);
      expect(await sendWelcome(t.deps, { welcomeCode: await welcomeCodeOf(late), externalUserId: late, userId: 'sales-01' })).toBe('duplicate');
    });

    it('sends nothing when the console has its own welcome message (no WelcomeCode)', async () => {
      await t.request().put('/api/admin/messaging/wecom-welcome').set(operator.auth).send(SETTINGS);
      const way = await testWecomClient(t).addContactWay({ state: 'c=admin', users: ['sales-01'] });
      await t.wecomSimulator.setAdminWelcome(true);
      const externalUserId = randomExternalId();
      await t.wecomSimulator.scanContactWay({ configId: way.configId, externalUserId });
      await t.wecomSimulator.setAdminWelcome(false);
      await settleWecomMessaging();
      expect(await welcomeSendsTo(t.deps.db, externalUserId)).toEqual([]);
    });
  });

  it('withdraws the member’s WeCom marketing consent on del_follow_user', async () => {
    const member = await createMemberDirect(t);
    const externalUserId = await linkWecomContact(t, member.id, 'sales-01');
    const xml = buildWecomXml({
      ToUserName: t.deps.config.wecom?.corpId ?? '',
      FromUserName: 'sys',
      CreateTime: nowSeconds(t),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'del_follow_user',
      UserID: 'sales-01',
      ExternalUserID: externalUserId,
    });
    expect((await postCallback(t, signedCallback(xml, { timestamp: nowSeconds(t) }))).status).toBe(200);
    const consents = await t.deps.db.select().from(memberConsents).where(eq(memberConsents.memberId, member.id));
    expect(consents.filter((row) => row.channel === 'wecom').map((row) => row.granted)).toEqual([false]);
  });
});
