import { and, eq, sql } from 'drizzle-orm';
import {
  auditLog,
  categories,
  memberAccounts,
  memberConsents,
  memberCoupons,
  memberNotes,
  memberTierHistory,
  pointsEntries,
  refunds,
  touches,
} from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { attribute, insertChannel, insertFacts, insertMember, insertOrder, insertTag, insertTemplate, tagMember } from './test-factories';

interface Item {
  kind: string;
  at: string;
  title: string;
  detail: string;
  ref: Record<string, unknown> | null;
}

const at = (iso: string) => new Date(iso);

describe.each(testDrivers())('member 360 on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  let operator: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, analyst, operator, service] = [
      await createStaff(t, 'owner'),
      await createStaff(t, 'analyst'),
      await createStaff(t, 'operator'),
      await createStaff(t, 'service'),
    ];
  });
  afterAll(() => t.close());

  const get = (path: string, staff: TestStaff = analyst) => t.request().get(path).set(staff.auth);

  describe('GET /api/admin/members/:id', () => {
    it('shows tags, RFM cell, lifecycle, spend, channels, favourite categories, city, birthday, points, consents — phone masked', async () => {
      const member = await insertMember(t, { phone: '13811112222', tierCode: 'gold' });
      const first = await insertChannel(t, '包裹卡 360');
      const last = await insertChannel(t, '短信 360');
      await attribute(t, member.id, first);
      const [cat] = await t.deps.db
        .insert(categories)
        .values({ name: `母婴 360 ${member.id}` })
        .returning({ id: categories.id });
      await insertFacts(t, member.id, {
        netPaidFen: 90_000,
        paidOrders: 3,
        aovFen: 30_000,
        firstPaidAt: at('2026-06-01T02:00:00Z'),
        lastPaidAt: at('2026-11-20T02:00:00Z'),
        refundCount: 1,
        refundedFen: 5_000,
        couponShareBp: 3_333,
        couponOrders: 1,
        favouriteCategoryIds: [cat?.id ?? 0, 999_999],
        windowOrders: 3,
        windowNetFen: 90_000,
        recencyDays: 15,
        rfmCell: '111',
        rScore: 5,
        fScore: 4,
        mScore: 5,
        lifecycle: 'active',
        lifecycleSince: at('2026-06-01T02:00:00Z'),
        lastChannelId: last,
        city: '深圳市',
      });
      const tagId = await insertTag(t, { name: '高客单 360' });
      await tagMember(t, member.id, tagId);
      await tagMember(t, member.id, await insertTag(t, { status: 'archived' }));
      await t.deps.db.insert(memberAccounts).values({ memberId: member.id, tierSince: t.clock.now(), pointsBalance: 420, birthday: '03-15' });
      await t.deps.db.insert(memberConsents).values({ memberId: member.id, channel: 'sms', granted: true, source: 'miniapp' });
      const res = await get(`/api/admin/members/${member.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: member.id,
        tierCode: 'gold',
        hasPhone: true,
        phoneMasked: '138****2222',
        rfm: { cell: '111', name: '重要价值', rScore: 5, fScore: 4, mScore: 5, recencyDays: 15, windowOrders: 3, windowNetFen: 90_000 },
        lifecycle: { stage: 'active', name: '活跃', since: '2026-06-01T02:00:00.000Z' },
        spend: {
          netPaidFen: 90_000,
          paidOrders: 3,
          aovFen: 30_000,
          firstPaidAt: '2026-06-01T02:00:00.000Z',
          lastPaidAt: '2026-11-20T02:00:00.000Z',
          refundCount: 1,
          refundedFen: 5_000,
          couponShareBp: 3_333,
        },
        channels: { first: { id: first, name: '包裹卡 360' }, last: { id: last, name: '短信 360' } },
        favouriteCategories: [{ id: cat?.id, name: `母婴 360 ${member.id}` }],
        city: '深圳市',
        birthday: '03-15',
        pointsBalance: 420,
        growthValue: 0,
        consents: [{ channel: 'sms', granted: true, source: 'miniapp' }],
      });
      expect(res.body.tags).toEqual([expect.objectContaining({ id: tagId, name: '高客单 360', kind: 'manual', source: 'manual' })]);
      expect(JSON.stringify(res.body)).not.toContain('13811112222');
    });

    it('reads a member without a facts row as a 潜客 with zeros (never fails)', async () => {
      const member = await insertMember(t);
      const res = await get(`/api/admin/members/${member.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        tags: [],
        rfm: null,
        lifecycle: { stage: 'prospect', name: '潜客' },
        spend: { netPaidFen: 0, paidOrders: 0, aovFen: 0, firstPaidAt: null, lastPaidAt: null, refundCount: 0, refundedFen: 0, couponShareBp: 0 },
        channels: { first: null, last: null },
        favouriteCategories: [],
        city: null,
        birthday: null,
        pointsBalance: 0,
        growthValue: 0,
        consents: [],
        hasPhone: false,
        phoneMasked: null,
      });
    });

    it('answers 404 MEMBER_NOT_FOUND and 400 for a malformed id', async () => {
      expect((await get('/api/admin/members/999999')).body.error.code).toBe('MEMBER_NOT_FOUND');
      expect((await get('/api/admin/members/abc')).status).toBe(400);
      expect((await get('/api/admin/members/99999999999')).status).toBe(400);
      expect((await get('/api/admin/members/999999/timeline')).body.error.code).toBe('MEMBER_NOT_FOUND');
      expect((await get('/api/admin/members/999999/notes')).body.error.code).toBe('MEMBER_NOT_FOUND');
    });
  });

  describe('GET /api/admin/members/:id/timeline', () => {
    let memberId: number;
    let expected: { kind: string; title: string; at: string }[];

    beforeAll(async () => {
      const member = await insertMember(t);
      memberId = member.id;
      const channel = await insertChannel(t, '企微 时间线');
      const T = (minute: number) => at(`2026-11-10T02:${String(minute).padStart(2, '0')}:00Z`);
      await t.deps.db.insert(touches).values({ occurredAt: T(0), source: 'wecom_contact', status: 'matched', channelId: channel, memberId });
      // Paid in the same instant as created and the coupon used: 使用优惠券 and 支付 (later steps) sort above 下单.
      const paid = await insertOrder(t, memberId, { payableFen: 12_300, status: 'completed', createdAt: T(5), paidAt: T(5), completedAt: T(30) });
      const cancelled = await insertOrder(t, memberId, { payableFen: 4_500, status: 'cancelled', createdAt: T(10), cancelledAt: T(20) });
      const template = await insertTemplate(t, '满100减10 时间线');
      await t.deps.db.insert(memberCoupons).values({
        templateId: template,
        memberId,
        source: 'staff',
        sourceKey: `tl-${memberId}`,
        status: 'used',
        validFrom: T(1),
        expiresAt: T(59),
        usedOrderId: paid.id,
        usedAt: T(5),
        discountFen: 1_000,
        createdAt: T(1),
      });
      await t.deps.db.insert(pointsEntries).values({
        memberId,
        delta: 123,
        kind: 'earn',
        sourceKey: `tl-p-${memberId}`,
        operationKey: `tl-p-${memberId}`,
        orderId: paid.id,
        reason: '订单积分',
        createdAt: T(31),
      });
      await t.deps.db
        .insert(memberTierHistory)
        .values({ memberId, fromTier: 'bronze', toTier: 'silver', reason: 'upgrade', growthValue: 500, createdAt: T(32) });
      await t.deps.db.insert(refunds).values({
        orderId: paid.id,
        outRefundNo: `R${memberId}a`,
        status: 'succeeded',
        lines: [],
        amountFen: 2_000,
        reason: '少件',
        orderStatusBefore: 'completed',
        completedAt: T(40),
        createdAt: T(35),
        updatedAt: T(40),
      });
      await t.deps.db.insert(refunds).values({
        orderId: paid.id,
        outRefundNo: `R${memberId}b`,
        status: 'requested',
        lines: [],
        amountFen: 1_000,
        reason: '不想要了',
        orderStatusBefore: 'completed',
        createdAt: T(41),
        updatedAt: T(41),
      });
      await tagMember(t, memberId, await insertTag(t, { name: '母婴 时间线' }), T(45));
      await t.deps.db.insert(memberNotes).values({ memberId, staffId: owner.id, body: '电话回访：满意', createdAt: T(50) });
      // Messages: a delivered SMS shows; a skipped one and one still being sent do not.
      const intent = (key: string, status: string, sentAt: Date | null) =>
        t.deps.db.execute(sql`insert into message_intents (key, member_id, channel, purpose, template, status, sent_at)
          values (${`tl-${key}-${memberId}`}, ${memberId}, 'sms', 'service', 'order_shipped', ${status}, ${sentAt})`);
      await intent('delivered', 'delivered', T(55));
      await intent('skipped', 'skipped', null);
      await intent('sending', 'sending', T(57));
      expected = [
        { kind: 'message', title: '消息 · 短信', at: T(55).toISOString() },
        { kind: 'note', title: '员工备注', at: T(50).toISOString() },
        { kind: 'tag', title: '添加标签 母婴 时间线', at: T(45).toISOString() },
        { kind: 'refund', title: '退款成功', at: T(40).toISOString() },
        { kind: 'tier', title: '等级 青铜 → 白银', at: T(32).toISOString() },
        { kind: 'points', title: '积分 +123', at: T(31).toISOString() },
        { kind: 'order', title: '订单完成', at: T(30).toISOString() },
        { kind: 'order', title: '订单取消', at: T(20).toISOString() },
        { kind: 'order', title: '下单', at: T(10).toISOString() },
        { kind: 'coupon', title: '使用优惠券', at: T(5).toISOString() },
        { kind: 'order', title: '支付', at: T(5).toISOString() },
        { kind: 'order', title: '下单', at: T(5).toISOString() },
        { kind: 'coupon', title: '领取优惠券', at: T(1).toISOString() },
        { kind: 'touch', title: '触达 · 添加企业微信', at: T(0).toISOString() },
      ];
      expect(cancelled.id).toBeGreaterThan(0);
    });

    it('merges every kind newest first, with titles, details and references', async () => {
      const res = await get(`/api/admin/members/${memberId}/timeline?limit=100`);
      expect(res.status).toBe(200);
      const items = res.body.items as Item[];
      expect(items.map(({ kind, title, at: when }) => ({ kind, title, at: when }))).toEqual(expected);
      expect(res.body.nextCursor).toBeNull();
      const paidItem = items.find((item) => item.title === '支付');
      expect(paidItem?.ref).toMatchObject({ type: 'order', amountFen: 12_300 });
      expect(paidItem?.detail).toMatch(/^订单 T/);
      expect(items.find((item) => item.kind === 'refund')?.ref).toMatchObject({ type: 'refund', amountFen: 2_000 });
      expect(items.find((item) => item.kind === 'touch')).toMatchObject({ detail: '渠道 企微 时间线' });
      expect(items.find((item) => item.kind === 'note')).toMatchObject({ detail: '电话回访：满意', ref: { staff: { id: owner.id } } });
      expect(items.find((item) => item.kind === 'message')).toMatchObject({
        detail: '服务通知 · 已送达',
        ref: { type: 'message', channel: 'sms', journeyId: null },
      });
    });

    it.each([1, 2, 3, 5])('pages %i at a time across kinds and equal instants without gaps or repeats', async (limit) => {
      const seen: Item[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 30; page += 1) {
        const res = await get(`/api/admin/members/${memberId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...(res.body.items as Item[]));
        cursor = res.body.nextCursor as string | null;
        if (!cursor) break;
      }
      expect(seen.map(({ kind, title, at: when }) => ({ kind, title, at: when }))).toEqual(expected);
    });

    it('filters by kinds', async () => {
      const res = await get(`/api/admin/members/${memberId}/timeline?kinds=order,refund`);
      expect((res.body.items as Item[]).map((item) => item.title)).toEqual(
        expected.filter((item) => ['order', 'refund'].includes(item.kind)).map((item) => item.title),
      );
      for (const bad of ['kinds=orders', 'kinds=', 'kinds=order&kinds=refund', 'limit=0', 'cursor=abc', 'extra=1']) {
        const r = await get(`/api/admin/members/${memberId}/timeline?${bad}`);
        expect([bad, r.status]).toEqual([bad, 400]);
      }
    });
  });

  describe('notes', () => {
    it('adds a note (members:tag), audited, and lists notes newest first with their author', async () => {
      const member = await insertMember(t);
      const first = await t.request().post(`/api/admin/members/${member.id}/notes`).set(operator.auth).send({ body: '  喜欢有机奶粉  ' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ body: '喜欢有机奶粉', staff: { id: operator.id } });
      const second = await t.request().post(`/api/admin/members/${member.id}/notes`).set(service.auth).send({ body: '第二条\n两行' });
      expect(second.status).toBe(201);
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'member.note'), eq(auditLog.targetId, String(member.id))));
      expect(audits.map((row) => row.staffId).sort()).toEqual([operator.id, service.id].sort());
      const page = await get(`/api/admin/members/${member.id}/notes?limit=1`);
      expect(page.body.items.map((note: { id: number }) => note.id)).toEqual([second.body.id]);
      const rest = await get(`/api/admin/members/${member.id}/notes?limit=1&cursor=${page.body.nextCursor}`);
      expect(rest.body.items.map((note: { id: number }) => note.id)).toEqual([first.body.id]);
    });

    it('refuses an empty, blank or too long note with MEMBER_NOTE_INVALID, writing nothing; analysts cannot write', async () => {
      const member = await insertMember(t);
      for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(501) }, { body: 12 }, {}, { body: 'a\u0000b' }, { body: '好', extra: 1 }, []]) {
        const res = await t.request().post(`/api/admin/members/${member.id}/notes`).set(owner.auth).send(body);
        expect([res.status, res.body.error?.code]).toEqual([400, 'MEMBER_NOTE_INVALID']);
      }
      expect(
        (
          await t
            .request()
            .post(`/api/admin/members/${member.id}/notes`)
            .set(owner.auth)
            .send({ body: 'x'.repeat(500) })
        ).status,
      ).toBe(201);
      expect((await t.request().post(`/api/admin/members/${member.id}/notes`).set(analyst.auth).send({ body: '看看' })).status).toBe(403);
      expect((await t.request().post('/api/admin/members/999999/notes').set(owner.auth).send({ body: '无人' })).body.error.code).toBe('MEMBER_NOT_FOUND');
      expect(await t.deps.db.select().from(memberNotes).where(eq(memberNotes.memberId, member.id))).toHaveLength(1);
    });
  });

  describe('POST /api/admin/members/:id/phone', () => {
    it('reveals the full number to owner and service, audited every time (without the number)', async () => {
      const member = await insertMember(t, { phone: '13566667777' });
      for (const staff of [owner, service, service]) {
        const res = await t.request().post(`/api/admin/members/${member.id}/phone`).set(staff.auth);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ phone: '13566667777' });
      }
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'member.phone_reveal'), eq(auditLog.targetId, String(member.id))));
      expect(audits.map((row) => row.staffId)).toEqual([owner.id, service.id, service.id]);
      expect(JSON.stringify(audits)).not.toContain('13566667777');
      const none = await insertMember(t);
      expect((await t.request().post(`/api/admin/members/${none.id}/phone`).set(owner.auth)).body).toEqual({ phone: null });
    });

    it('is refused to the analyst and the operator (403), who see the masked phone only', async () => {
      const member = await insertMember(t, { phone: '13566668888' });
      for (const staff of [analyst, operator]) {
        const res = await t.request().post(`/api/admin/members/${member.id}/phone`).set(staff.auth);
        expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
        const detail = await get(`/api/admin/members/${member.id}`, staff);
        expect(detail.body.phoneMasked).toBe('135****8888');
        expect(JSON.stringify(detail.body)).not.toContain('13566668888');
      }
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'member.phone_reveal'), eq(auditLog.targetId, String(member.id))));
      expect(audits).toHaveLength(0);
    });
  });

  describe('BOLA and privacy', () => {
    it('a member token reaches no /api/admin/members* route; /api/me shows only the caller', async () => {
      const me = await insertMember(t, { phone: '13700009999' });
      const other = await insertMember(t, { phone: '13700008888' });
      const routes: [string, string][] = [
        ['get', '/api/admin/members'],
        ['get', `/api/admin/members?phoneSuffix=8888`],
        ['get', `/api/admin/members/${other.id}`],
        ['get', `/api/admin/members/${other.id}/timeline`],
        ['get', `/api/admin/members/${other.id}/notes`],
        ['post', `/api/admin/members/${other.id}/notes`],
        ['post', `/api/admin/members/${other.id}/phone`],
        ['post', `/api/admin/members/${me.id}/phone`],
      ];
      for (const [method, path] of routes) {
        const req = method === 'get' ? t.request().get(path) : t.request().post(path).send({ body: 'x' });
        const res = await req.set(me.auth);
        expect([path, res.status]).toEqual([path, 401]);
        expect(JSON.stringify(res.body)).not.toMatch(/13700008888|8888\b/);
        const guest = method === 'get' ? await t.request().get(path) : await t.request().post(path).send({ body: 'x' });
        expect([path, guest.status]).toEqual([path, 401]);
      }
      const self = await t.request().get('/api/me').set(me.auth);
      expect(self.body).toMatchObject({ id: me.id, phoneMasked: '137****9999' });
      expect(JSON.stringify(self.body)).not.toContain(String(other.id) + ',');
    });

    it('the list never returns a clear phone, for any role', async () => {
      await insertMember(t, { phone: '13712345678' });
      for (const staff of [owner, service, analyst, operator]) {
        const res = await t.request().get('/api/admin/members').query({ phoneSuffix: '5678', limit: 100 }).set(staff.auth);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeGreaterThan(0);
        expect(JSON.stringify(res.body)).not.toContain('13712345678');
        expect(JSON.stringify(res.body)).not.toContain('12345678');
      }
    });
  });
});
