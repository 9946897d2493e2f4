import { sql } from 'drizzle-orm';
import { addDays, chinaDate, monthOf, UTF8_BOM, type MembersReport, type ProductsReport, type PromotionsReport, type StaffReport } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { at, insertMember } from '../channel-report/test-factories';
import { drainAllConsumers } from '../events';
import {
  insertCategory,
  insertCouponTemplate,
  insertLiveSession,
  insertMemberCoupon,
  insertOrderWithLines,
  insertProduct,
  recordLifecycleChange,
  refundLine,
} from '../analytics-detail/test-factories';

const PATHS = ['promotions', 'members', 'products', 'staff'] as const;

describe.each(testDrivers())('reports: promotions, members, products, staff on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  let today: string;
  let from: string;
  const ids = { tea: 0, cup: 0, template: 0, session: 0, code: 0, gold: 0, bronze: 0 };

  beforeAll(async () => {
    t = await createTestApp(driver);
    const db = t.deps.db;
    [owner, operator, analyst, service] = [
      await createStaff(t, 'owner'),
      await createStaff(t, 'operator'),
      await createStaff(t, 'analyst'),
      await createStaff(t, 'service'),
    ];
    today = chinaDate(t.clock.now());
    from = addDays(today, -29);
    const d = (n: number) => addDays(today, -n);

    const category = await insertCategory(db);
    const tea = await insertProduct(db, { categoryId: category, role: 'profit', costFen: 300, title: '龙井' });
    const cup = await insertProduct(db, { categoryId: category, role: 'traffic', costFen: 50, title: '茶杯' });
    ids.tea = tea.productId;
    ids.cup = cup.productId;
    const gold = await insertMember(db, at(d(60)), null);
    const bronze = await insertMember(db, at(d(60)), null);
    ids.gold = gold;
    ids.bronze = bronze;
    await db.execute(sql`update members set tier_code = 'gold' where id = ${gold}`);

    ids.template = await insertCouponTemplate(db, { name: '满100减3', budgetFen: 50_000 });
    const coupon = await insertMemberCoupon(db, ids.template, gold, at(d(12)));
    // Claimed before the range: not counted as claimed in it.
    await insertMemberCoupon(db, ids.template, bronze, at(d(40)));
    const live = await insertLiveSession(db, '双十二直播', at(d(11), '19:00:00.000'), at(d(11), '22:00:00.000'));
    ids.session = live.sessionId;
    ids.code = live.codeId;

    // The gold member: 2 teas (20.00) + a cup (1.00), a 3.00 coupon; one tea refunded later.
    const first = await insertOrderWithLines(db, {
      memberId: gold,
      paidAt: at(d(10)),
      lines: [
        { item: tea, quantity: 2, payableFen: 2000 },
        { item: cup, quantity: 1, payableFen: 100 },
      ],
      claims: [{ kind: 'coupon', refId: coupon, discountFen: 300 }],
    });
    await db.execute(sql`update member_coupons set status = 'used', used_order_id = ${first} where id = ${coupon}`);
    await refundLine(db, first, 1, 1, 1000, at(d(8)));
    // The bronze member: a tea in the live session with its code (1.00 off).
    await insertOrderWithLines(db, {
      memberId: bronze,
      paidAt: at(d(11), '20:00:00.000'),
      lines: [{ item: tea, quantity: 1, payableFen: 1000 }],
      claims: [{ kind: 'promo_code', refId: live.codeId, discountFen: 100 }],
      liveSessionId: live.sessionId,
    });
    await db.execute(sql`insert into promo_code_member_uses (code_id, member_id, count) values (${live.codeId}, ${bronze}, 1)`);
    // Before the range: counts nowhere here.
    await insertOrderWithLines(db, { memberId: bronze, paidAt: at(d(45)), lines: [{ item: cup, quantity: 1, payableFen: 100 }] });
    await recordLifecycleChange(db, gold, 'new', 'active', at(d(10)));

    // The owner is the gold member's WeCom owner; the analyst owns nobody (but has a WeCom id).
    await db.execute(sql`update staff set wecom_user_id = 'wu_owner' where id = ${owner.id}`);
    await db.execute(sql`update staff set wecom_user_id = 'wu_analyst' where id = ${analyst.id}`);
    await db.execute(sql`insert into wecom_contacts (external_user_id, member_id, follow_user_id, added_at) values ('wmE1', ${gold}, 'wu_owner', now())`);
    await drainAllConsumers(db, () => t.clock.now());
  });
  afterAll(() => t.close());

  const get = (path: string, query: Record<string, string>, who: TestStaff = analyst) =>
    t.request().get(`/api/admin/reports/${path}`).query(query).set(who.auth);

  it('products: sales, refunds, margin of the units kept and the mix by role', async () => {
    const res = await get('products', { from, to: today });
    expect(res.status).toBe(200);
    const report = res.body as ProductsReport;
    expect(report.products).toEqual([
      // 3 teas sold for 30.00, one refunded (10.00): margin 30 − 10 − 2 kept × 3.00 = 14.00, on 20.00 net.
      { productId: ids.tea, title: '龙井', role: 'profit', orders: 2, quantity: 3, salesFen: 3000, refundedFen: 1000, marginFen: 1400, marginRate: 0.7 },
      { productId: ids.cup, title: '茶杯', role: 'traffic', orders: 1, quantity: 1, salesFen: 100, refundedFen: 0, marginFen: 50, marginRate: 0.5 },
    ]);
    expect(report.roles).toEqual([
      { role: 'traffic', salesFen: 100, marginFen: 50, salesShare: 0.0323 },
      { role: 'hero', salesFen: 0, marginFen: 0, salesShare: 0 },
      { role: 'profit', salesFen: 3000, marginFen: 1400, salesShare: 0.9677 },
    ]);
  });

  it('promotions: coupon claimed / used / GMV with it / discount vs budget, the live code and its session', async () => {
    const res = await get('promotions', { from, to: today });
    expect(res.status).toBe(200);
    const report = res.body as PromotionsReport;
    expect(report.rows).toEqual([
      {
        kind: 'coupon',
        promotionId: ids.template,
        name: '满100减3',
        claimed: 1,
        orders: 1,
        buyers: 1,
        gmvFen: 2100,
        discountFen: 300,
        budgetFen: 50_000,
        incrementalGmvFen: null,
      },
      {
        kind: 'promo_code',
        promotionId: ids.code,
        name: expect.stringContaining('双十二直播') as unknown as string,
        claimed: null,
        orders: 1,
        buyers: 1,
        gmvFen: 1000,
        discountFen: 100,
        budgetFen: null,
        incrementalGmvFen: null,
      },
    ]);
    expect(report.liveSessions).toEqual([{ liveSessionId: ids.session, name: '双十二直播', orders: 1, buyers: 1, gmvFen: 1000, codeUses: 1 }]);
  });

  it('members: tiers now with their GMV share in the range, lifecycle flows, points liability', async () => {
    const res = await get('members', { from, to: today });
    expect(res.status).toBe(200);
    const report = res.body as MembersReport;
    const tier = (code: string) => report.tiers.find((row) => row.tier === code);
    expect(report.tiers.map((row) => row.tier)).toEqual(['bronze', 'silver', 'gold', 'platinum', 'diamond']);
    expect(tier('gold')).toEqual({ tier: 'gold', tierName: expect.any(String) as unknown as string, members: 1, gmvFen: 2100, gmvShare: 0.6774 });
    expect(tier('bronze')).toMatchObject({ members: 1, gmvFen: 1000, gmvShare: 0.3226 });
    expect(tier('silver')).toMatchObject({ members: 0, gmvFen: 0, gmvShare: 0 });
    expect(report.lifecycleFlows).toContainEqual({ month: monthOf(addDays(today, -10)), from: 'new', to: 'active', members: 1 });
    // The member-facts consumer moved both members on from 'prospect' too: every change of the outbox, grouped by China month.
    const events = await queryRows<{ member_id: number; occurred_at: Date | string; payload: { from: string; to: string } }>(
      t.deps.db,
      sql`select member_id, occurred_at, payload from domain_events where type = 'member.lifecycle_changed'`,
    );
    const expected = new Map<string, Set<number>>();
    for (const event of events) {
      const key = `${monthOf(chinaDate(new Date(event.occurred_at)))}|${event.payload.from}|${event.payload.to}`;
      expected.set(key, (expected.get(key) ?? new Set()).add(Number(event.member_id)));
    }
    expect(report.lifecycleFlows.map((flow) => `${flow.month}|${flow.from}|${flow.to}|${flow.members}`).sort()).toEqual(
      [...expected].map(([key, members]) => `${key}|${members.size}`).sort(),
    );
    expect(report.lifecycleFlows.length).toBeGreaterThan(1);
    expect(report.pointsLiability).toEqual({ points: 0, valueFen: 0 });
  });

  it('staff: members each staff member owns on WeCom and their GMV; operator 403, analyst 200', async () => {
    const res = await get('staff', { from, to: today });
    expect(res.status).toBe(200);
    const report = res.body as StaffReport;
    expect(report.staff).toEqual([
      { staffId: owner.id, displayName: `owner ${owner.username}`, members: 1, payingMembers: 1, gmvFen: 2100 },
      { staffId: analyst.id, displayName: `analyst ${analyst.username}`, members: 0, payingMembers: 0, gmvFen: 0 },
    ]);
    expect((await get('staff', { from, to: today }, operator)).status).toBe(403);
    expect((await get('staff.csv', { from, to: today }, operator)).status).toBe(403);
    expect((await get('staff', { from, to: today }, owner)).status).toBe(200);
  });

  it('CSV: BOM, Chinese headers, money in yuan', async () => {
    const res = await get('products.csv', { from, to: today });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const text = res.text;
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const lines = text.slice(UTF8_BOM.length).trim().split(/\r?\n/);
    expect(lines[0]).toBe('类型,商品ID,名称,角色,订单数,件数,销售额（元）,退款（元）,毛利（元）,毛利率,销售额占比');
    expect(lines[1]).toBe(`商品,${ids.tea},龙井,利润品,2,3,30.00,10.00,14.00,70.00%,`);
    for (const path of ['promotions.csv', 'members.csv', 'staff.csv']) {
      const file = await get(path, { from, to: today });
      expect({ path, status: file.status, bom: file.text.startsWith(UTF8_BOM) }).toEqual({ path, status: 200, bom: true });
    }
  });

  it('permissions: operator reads all but staff; customer service is refused everywhere; a stranger gets 401', async () => {
    for (const path of PATHS.flatMap((name) => [name, `${name}.csv`])) {
      const range = { from: today, to: today };
      expect({ path, status: (await get(path, range, service)).status }).toEqual({ path, status: 403 });
      expect({ path, status: (await t.request().get(`/api/admin/reports/${path}`).query(range)).status }).toEqual({ path, status: 401 });
      if (!path.startsWith('staff')) expect({ path, status: (await get(path, range, operator)).status }).toEqual({ path, status: 200 });
      expect({ path, status: (await get(path, range, analyst)).status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses bad ranges with their codes and malformed input with VALIDATION_FAILED', async () => {
    for (const path of [...PATHS, 'products.csv']) {
      const inverted = await get(path, { from: today, to: addDays(today, -1) });
      expect({ path, status: inverted.status, code: inverted.body.error?.code }).toEqual({ path, status: 400, code: 'REPORT_RANGE_INVERTED' });
      const long = await get(path, { from: addDays(today, -731), to: today });
      expect({ path, status: long.status, code: long.body.error?.code }).toEqual({ path, status: 400, code: 'REPORT_RANGE_TOO_LONG' });
      const future = await get(path, { from: today, to: addDays(today, 1) });
      expect({ path, status: future.status, code: future.body.error?.code }).toEqual({ path, status: 400, code: 'REPORT_RANGE_IN_FUTURE' });
      for (const bad of [{ from: '2026-02-30', to: today }, { from: today }, { from: today, to: today, extra: '1' }]) {
        const res = await get(path, bad as Record<string, string>);
        expect({ path, bad, status: res.status, code: res.body.error?.code }).toEqual({ path, bad, status: 400, code: 'VALIDATION_FAILED' });
      }
    }
  });
});
