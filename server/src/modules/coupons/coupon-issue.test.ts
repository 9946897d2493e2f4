import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { MemberCouponView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { couponCodes, couponMemberCounts, couponTemplates, memberCoupons } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { CODE_ALPHABET } from './codes';
import { grantCouponsInBulk, lockTemplate } from './grant';
import { issueCoupons } from './issue';
import { auditOf, claimOk, createStoreSku, createTemplate, insertOrder, markUsed, memberCouponsOf, templateRow } from './test-factories';

const MINUTE_MS = 60_000;

describe.each(testDrivers())('coupon issuing, codes and reports (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let service: TestStaff;
  let analyst: TestStaff;
  const issue = (auth: { Authorization: string }, templateId: number, body: object) =>
    t.request().post(`/api/admin/coupon-templates/${templateId}/issue`).set(auth).send(body);
  const codes = (auth: { Authorization: string }, templateId: number, body: object) =>
    t.request().post(`/api/admin/coupon-templates/${templateId}/codes`).set(auth).send(body);
  const redeem = (member: TestMember, code: string) => t.request().post('/api/coupons/redeem').set(member.auth).send({ code });
  /** Members created one after another, so their ids ascend in array order (batches run in id order). */
  const createMembers = async (count: number): Promise<TestMember[]> => {
    const members: TestMember[] = [];
    for (let i = 0; i < count; i += 1) members.push(await createMemberDirect(t));
    return members;
  };
  const newCodes = async (templateId: number, count: number): Promise<string[]> => {
    const res = await codes(owner.auth, templateId, { count, batch: `b${Math.random().toString(36).slice(2, 10)}` });
    if (res.status !== 201) throw new Error(`codes: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.codes as string[];
  };

  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, service, analyst] = await Promise.all([
      createStaff(t, 'owner'),
      createStaff(t, 'operator'),
      createStaff(t, 'service'),
      createStaff(t, 'analyst'),
    ]);
    await createStoreSku(t, owner.auth);
  });
  // Each test starts just after the start of a fresh 10-minute window: redemption failures are counted per window.
  beforeEach(() => {
    const window = 10 * MINUTE_MS;
    t.clock.advance(2 * window - (t.clock.now().getTime() % window) + 1000);
  });
  afterAll(() => t.close());

  describe('POST /api/admin/coupon-templates/:id/issue', () => {
    it('grants listed members a coupon each (service staff may issue), audited once with the counts', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden', totalCount: 10 });
      const [a, b] = await Promise.all([createMemberDirect(t), createMemberDirect(t)]);
      const res = await issue(service.auth, view.id, { memberIds: [a.id, b.id, 987_654], batch: '补偿-1124' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ issued: 2, skipped: [{ memberId: 987_654, code: 'MEMBER_NOT_FOUND' }], alreadyIssued: 0 });
      for (const member of [a, b]) {
        const rows = await memberCouponsOf(t, member.id, view.id);
        expect(rows.map((row) => [row.source, row.sourceKey])).toEqual([['issue', `issue:${view.id}:补偿-1124:${member.id}`]]);
      }
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 2, committedFen: 2000 });
      const audit = (await auditOf(t, view.id)).filter((row) => row.action === 'coupon_template.issue');
      expect(audit).toEqual([
        expect.objectContaining({ staffId: service.id, after: expect.objectContaining({ batch: '补偿-1124', issued: 2, skipped: 1, alreadyIssued: 0 }) }),
      ]);
    });

    it('grants nothing twice when the same batch runs again', async () => {
      const view = await createTemplate(t, owner.auth, { perMemberCap: 5 });
      const [a, b] = await Promise.all([createMemberDirect(t), createMemberDirect(t)]);
      expect((await issue(owner.auth, view.id, { memberIds: [a.id], batch: 'x' })).body).toMatchObject({ issued: 1 });
      const again = await issue(owner.auth, view.id, { memberIds: [a.id, b.id], batch: 'x' });
      expect(again.body).toEqual({ issued: 1, skipped: [], alreadyIssued: 1 });
      expect(await memberCouponsOf(t, a.id, view.id)).toHaveLength(1);
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 2 });
      // Another batch is another grant (the cap allows five).
      expect((await issue(owner.auth, view.id, { memberIds: [a.id], batch: 'y' })).body).toMatchObject({ issued: 1 });
      expect(await memberCouponsOf(t, a.id, view.id)).toHaveLength(2);
    });

    it('skips members at the per-member cap and those past the total count, with the code', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 3 });
      const members = await createMembers(4);
      const [capped, second, third, fourth] = members as [TestMember, TestMember, TestMember, TestMember];
      await claimOk(t, capped, view.id);
      const res = await issue(owner.auth, view.id, { memberIds: members.map((member) => member.id), batch: 'all' });
      expect(res.body).toEqual({
        issued: 2,
        skipped: [
          { memberId: capped.id, code: 'COUPON_CLAIM_CAP_REACHED' },
          { memberId: fourth.id, code: 'COUPON_SOLD_OUT' },
        ],
        alreadyIssued: 0,
      });
      expect(await memberCouponsOf(t, second.id, view.id)).toHaveLength(1);
      expect(await memberCouponsOf(t, third.id, view.id)).toHaveLength(1);
      expect(await memberCouponsOf(t, fourth.id, view.id)).toHaveLength(0);
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 3 });
    });

    it('skips members past the budget with COUPON_BUDGET_EXHAUSTED', async () => {
      const view = await createTemplate(t, owner.auth, { budgetFen: 2500 });
      const members = await createMembers(3);
      const res = await issue(owner.auth, view.id, { memberIds: members.map((member) => member.id), batch: 'b' });
      expect(res.body).toMatchObject({ issued: 2, skipped: [{ memberId: members[2]?.id, code: 'COUPON_BUDGET_EXHAUSTED' }] });
      expect(await templateRow(t, view.id)).toMatchObject({ committedFen: 2000 });
    });

    it('grants every member matching a filter', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const platinum = await Promise.all([createMemberDirect(t, 'platinum'), createMemberDirect(t, 'platinum')]);
      const other = await createMemberDirect(t, 'silver');
      const res = await issue(operator.auth, view.id, { filter: { tierCodes: ['platinum'], hasPhone: false }, batch: '白金会员' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ issued: 2, skipped: [], alreadyIssued: 0 });
      for (const member of platinum) expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(1);
      expect(await memberCouponsOf(t, other.id, view.id)).toHaveLength(0);
      const withPhone = await issue(operator.auth, view.id, { filter: { tierCodes: ['platinum'], hasPhone: true }, batch: 'p2' });
      expect(withPhone.body).toEqual({ issued: 0, skipped: [], alreadyIssued: 0 });
    });

    describe('set-based grants (issueCoupons with small chunks)', () => {
      const staffContext = (): ServiceContext => ({
        db: t.deps.db,
        requestId: crypto.randomUUID(),
        now: t.clock.now(),
        ip: null,
        staff: { id: owner.id, role: owner.role, username: owner.username },
      });
      const idsOf = (list: TestMember[]) => list.map((member) => member.id);
      const countsOf = async (templateId: number, memberIds: number[]) =>
        Object.fromEntries(
          (
            await t.deps.db
              .select()
              .from(couponMemberCounts)
              .where(and(eq(couponMemberCounts.templateId, templateId), inArray(couponMemberCounts.memberId, memberIds)))
          ).map((row) => [row.memberId, row.count]),
        );

      it('grants a list spanning chunks like one by one: keys, window, status, counts, template, one audit row', async () => {
        const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
        const members = await createMembers(5);
        const sc = staffContext();
        const res = await issueCoupons(sc, view.id, { memberIds: idsOf(members), batch: '分块' }, { chunkSize: 2 });
        expect(res).toEqual({ issued: 5, skipped: [], alreadyIssued: 0 });
        const rows = await t.deps.db.select().from(memberCoupons).where(eq(memberCoupons.templateId, view.id));
        expect(rows.map((row) => row.memberId).sort((a, b) => a - b)).toEqual(idsOf(members));
        const template = await templateRow(t, view.id);
        for (const row of rows) {
          expect(row).toMatchObject({
            source: 'issue',
            sourceKey: `issue:${view.id}:分块:${row.memberId}`,
            status: 'available',
            createdAt: sc.now,
            updatedAt: sc.now,
          });
          expect([row.validFrom, row.expiresAt]).toEqual([template.validFrom, template.validTo]);
        }
        expect(await countsOf(view.id, idsOf(members))).toEqual(Object.fromEntries(idsOf(members).map((id) => [id, 1])));
        expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 5, committedFen: 5000 });
        const audit = (await auditOf(t, view.id)).filter((row) => row.action === 'coupon_template.issue');
        expect(audit).toEqual([expect.objectContaining({ after: expect.objectContaining({ batch: '分块', issued: 5, skipped: 0, alreadyIssued: 0 }) })]);
      });

      it('skips the members at the per-member cap in the middle of the list and grants the others', async () => {
        const view = await createTemplate(t, owner.auth, { perMemberCap: 2 });
        const members = await createMembers(5);
        const [m0, m1, m2, m3, m4] = members as [TestMember, TestMember, TestMember, TestMember, TestMember];
        await claimOk(t, m1, view.id);
        await claimOk(t, m1, view.id);
        await claimOk(t, m3, view.id);
        await claimOk(t, m3, view.id);
        await claimOk(t, m4, view.id);
        const res = await issueCoupons(staffContext(), view.id, { memberIds: idsOf(members), batch: 'cap' }, { chunkSize: 2 });
        expect(res).toEqual({
          issued: 3,
          skipped: [
            { memberId: m1.id, code: 'COUPON_CLAIM_CAP_REACHED' },
            { memberId: m3.id, code: 'COUPON_CLAIM_CAP_REACHED' },
          ],
          alreadyIssued: 0,
        });
        expect(await countsOf(view.id, idsOf(members))).toEqual({ [m0.id]: 1, [m1.id]: 2, [m2.id]: 1, [m3.id]: 2, [m4.id]: 2 });
        expect(await memberCouponsOf(t, m1.id, view.id)).toHaveLength(2);
        expect(await memberCouponsOf(t, m4.id, view.id)).toHaveLength(2);
        expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 8, committedFen: 8000 });
      });

      it('with 3 coupons left grants exactly the first 3 eligible members by id; everyone after is sold out, a capped one too', async () => {
        const view = await createTemplate(t, owner.auth, { totalCount: 6 });
        const members = await createMembers(7);
        const [m0, m1, m2, m3, m4, m5, m6] = members as [TestMember, TestMember, TestMember, TestMember, TestMember, TestMember, TestMember];
        await claimOk(t, m1, view.id);
        await claimOk(t, m6, view.id);
        await claimOk(t, await createMemberDirect(t), view.id);
        // Listed out of order and with a repeat: the batch runs once per member, in id order, in one chunk.
        const res = await issue(owner.auth, view.id, { memberIds: [...idsOf(members)].reverse().concat(m0.id), batch: 'last3' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          issued: 3,
          skipped: [
            { memberId: m1.id, code: 'COUPON_CLAIM_CAP_REACHED' },
            { memberId: m4.id, code: 'COUPON_SOLD_OUT' },
            { memberId: m5.id, code: 'COUPON_SOLD_OUT' },
            { memberId: m6.id, code: 'COUPON_SOLD_OUT' },
          ],
          alreadyIssued: 0,
        });
        for (const member of [m0, m2, m3]) expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(1);
        for (const member of [m4, m5]) expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(0);
        expect(await countsOf(view.id, [m4.id, m5.id])).toEqual({});
        expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 6, committedFen: 6000 });
      });

      it('stops at the budget across chunks with COUPON_BUDGET_EXHAUSTED; the count is checked before the budget', async () => {
        const budget = await createTemplate(t, owner.auth, { budgetFen: 3500 });
        const members = await createMembers(5);
        const res = await issueCoupons(staffContext(), budget.id, { memberIds: idsOf(members), batch: 'budget' }, { chunkSize: 2 });
        expect(res).toEqual({
          issued: 3,
          skipped: idsOf(members.slice(3)).map((memberId) => ({ memberId, code: 'COUPON_BUDGET_EXHAUSTED' })),
          alreadyIssued: 0,
        });
        expect(await templateRow(t, budget.id)).toMatchObject({ issuedCount: 3, committedFen: 3000 });
        expect(await countsOf(budget.id, idsOf(members.slice(3)))).toEqual({});

        const both = await createTemplate(t, owner.auth, { totalCount: 2, budgetFen: 2000 });
        const again = await issueCoupons(staffContext(), both.id, { memberIds: idsOf(members.slice(0, 3)), batch: 'both' }, { chunkSize: 2 });
        expect(again).toEqual({ issued: 2, skipped: [{ memberId: members[2]?.id, code: 'COUPON_SOLD_OUT' }], alreadyIssued: 0 });
      });

      it('a repeated batch grants only the members it has not granted, and they alone take the count', async () => {
        const view = await createTemplate(t, owner.auth, { totalCount: 4, perMemberCap: 3 });
        const members = await createMembers(5);
        const first = await issueCoupons(staffContext(), view.id, { memberIds: idsOf(members.slice(0, 3)), batch: 'r' }, { chunkSize: 2 });
        expect(first).toEqual({ issued: 3, skipped: [], alreadyIssued: 0 });
        const again = await issueCoupons(staffContext(), view.id, { memberIds: idsOf(members), batch: 'r' }, { chunkSize: 2 });
        expect(again).toEqual({ issued: 1, skipped: [{ memberId: members[4]?.id, code: 'COUPON_SOLD_OUT' }], alreadyIssued: 3 });
        for (const member of members.slice(0, 4)) expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(1);
        expect(await countsOf(view.id, idsOf(members))).toEqual(Object.fromEntries(idsOf(members.slice(0, 4)).map((id) => [id, 1])));
        expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 4 });
        expect((await auditOf(t, view.id)).filter((row) => row.action === 'coupon_template.issue')).toHaveLength(2);
      });

      it('throws and writes nothing when the template guard in SQL refuses (a stale row)', async () => {
        const view = await createTemplate(t, owner.auth, { totalCount: 2 });
        await claimOk(t, await createMemberDirect(t), view.id);
        const members = await createMembers(2);
        const grant = inTransaction(staffContext(), async (tx) => {
          const row = await lockTemplate(tx.db, view.id);
          return grantCouponsInBulk(tx, { ...row, issuedCount: 0 }, idsOf(members), (id) => `issue:${view.id}:stale:${id}`, { chunkSize: 2 });
        });
        await expect(grant).rejects.toMatchObject({ code: 'PROMOTION_STATUS_CONFLICT' });
        for (const member of members) expect(await memberCouponsOf(t, member.id, view.id)).toHaveLength(0);
        expect(await countsOf(view.id, idsOf(members))).toEqual({});
        expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 1 });
      });
    });

    it.each<[string, Partial<typeof couponTemplates.$inferInsert>, string]>([
      ['waiting for approval', { approvalStatus: 'pending' }, 'PROMOTION_NOT_APPROVED'],
      ['rejected', { approvalStatus: 'rejected' }, 'PROMOTION_NOT_APPROVED'],
      ['stopped', { status: 'stopped' }, 'COUPON_STOPPED'],
    ])('refuses a template %s with 409 %s and grants nothing', async (_name, change, code) => {
      const view = await createTemplate(t, owner.auth);
      await t.deps.db.update(couponTemplates).set(change).where(eq(couponTemplates.id, view.id));
      const member = await createMemberDirect(t);
      const res = await issue(owner.auth, view.id, { memberIds: [member.id], batch: 'z' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(code);
      expect(await memberCouponsOf(t, member.id, view.id)).toEqual([]);
      expect((await auditOf(t, view.id)).map((row) => row.action)).toEqual(['coupon_template.create']);
    });

    it('rejects a body with both members and a filter, or neither, with VALIDATION_FAILED; analysts get 403', async () => {
      const view = await createTemplate(t, owner.auth);
      for (const body of [{ memberIds: [1], filter: { hasPhone: true }, batch: 'q' }, { batch: 'q' }, { memberIds: [1] }]) {
        const res = await issue(owner.auth, view.id, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect((await issue(analyst.auth, view.id, { memberIds: [1], batch: 'q' })).status).toBe(403);
    });
  });

  describe('POST /api/admin/coupon-templates/:id/codes', () => {
    it('makes unguessable one-time codes, shown once and audited by count only', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const res = await codes(operator.auth, view.id, { count: 20, batch: '直播间' });
      expect(res.status).toBe(201);
      expect(res.body.batch).toBe('直播间');
      const list = res.body.codes as string[];
      expect(list).toHaveLength(20);
      expect(new Set(list).size).toBe(20);
      for (const code of list) expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{16}$`));
      const audit = (await auditOf(t, view.id)).find((row) => row.action === 'coupon_template.codes');
      expect(audit?.after).toEqual({ batch: '直播间', count: 20 });
      expect(JSON.stringify(audit)).not.toContain(list[0]);
      const again = await codes(operator.auth, view.id, { count: 1, batch: '直播间' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('COUPON_CODE_BATCH_EXISTS');
      expect(await t.deps.db.select().from(couponCodes).where(eq(couponCodes.templateId, view.id))).toHaveLength(20);
    });

    it('is refused to service staff and analysts', async () => {
      const view = await createTemplate(t, owner.auth);
      expect((await codes(service.auth, view.id, { count: 1, batch: 'a' })).status).toBe(403);
      expect((await codes(analyst.auth, view.id, { count: 1, batch: 'a' })).status).toBe(403);
    });
  });

  describe('POST /api/coupons/redeem', () => {
    it('redeems a code typed in lower case with dashes once; a second redemption is 409 COUPON_CODE_USED', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const [code] = await newCodes(view.id, 1);
      const member = await createMemberDirect(t);
      const typed = `${code?.slice(0, 4).toLowerCase()}-${code?.slice(4, 8)} ${code?.slice(8)}`;
      const res = await redeem(member, typed);
      expect(res.status).toBe(201);
      expect(res.body as MemberCouponView).toMatchObject({ templateId: view.id, source: 'code', status: 'available' });
      const [row] = await t.deps.db
        .select()
        .from(couponCodes)
        .where(eq(couponCodes.code, code ?? ''));
      expect(row).toMatchObject({ redeemedBy: member.id });
      const [coupon] = await t.deps.db.select().from(memberCoupons).where(eq(memberCoupons.id, res.body.id));
      expect(coupon?.sourceKey).toBe(`code:${row?.id}`);
      const second = await redeem(await createMemberDirect(t), code ?? '');
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('COUPON_CODE_USED');
      expect(await templateRow(t, view.id)).toMatchObject({ issuedCount: 1 });
    });

    it('answers 404 COUPON_CODE_INVALID for an unknown code', async () => {
      const res = await redeem(await createMemberDirect(t), 'ABCDEFGHJKMNPQRS');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('COUPON_CODE_INVALID');
    });

    it('leaves the code unredeemed when the grant is refused (sold out)', async () => {
      const view = await createTemplate(t, owner.auth, { totalCount: 1, perMemberCap: 3 });
      const [first, second] = await newCodes(view.id, 2);
      const member = await createMemberDirect(t);
      expect((await redeem(member, first ?? '')).status).toBe(201);
      const res = await redeem(member, second ?? '');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('COUPON_SOLD_OUT');
      const [row] = await t.deps.db
        .select()
        .from(couponCodes)
        .where(eq(couponCodes.code, second ?? ''));
      expect(row).toMatchObject({ redeemedBy: null, redeemedAt: null });
    });

    it('locks a member out after 10 failures, before looking the code up, even for a valid code', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const [code] = await newCodes(view.id, 1);
      const member = await createMemberDirect(t);
      for (let i = 0; i < 10; i += 1) expect((await redeem(member, `WRONGCODE${i}`)).status).toBe(404);
      const res = await redeem(member, code ?? '');
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      const [row] = await t.deps.db
        .select()
        .from(couponCodes)
        .where(eq(couponCodes.code, code ?? ''));
      expect(row?.redeemedBy).toBeNull();
      // Another member (same address, under 30 failures) can still redeem.
      expect((await redeem(await createMemberDirect(t), code ?? '')).status).toBe(201);
    });

    it('locks an address out after 30 failures', async () => {
      const view = await createTemplate(t, owner.auth, { visibility: 'hidden' });
      const [code] = await newCodes(view.id, 1);
      for (let m = 0; m < 3; m += 1) {
        const member = await createMemberDirect(t);
        for (let i = 0; i < 10; i += 1) await redeem(member, `NOPE${m}${i}`);
      }
      const res = await redeem(await createMemberDirect(t), code ?? '');
      expect(res.status).toBe(429);
    });
  });

  describe('GET /api/admin/coupon-templates/:id/report', () => {
    it('reports issued, claimed, used, GMV of paid orders, discount spent, budget and codes', async () => {
      const view = await createTemplate(t, owner.auth, { budgetFen: 100_000, perMemberCap: 2 });
      const [a, b, c] = await Promise.all([createMemberDirect(t), createMemberDirect(t), createMemberDirect(t)]);
      const claimedA = await claimOk(t, a, view.id);
      const claimedB = await claimOk(t, b, view.id);
      await claimOk(t, b, view.id);
      await issue(owner.auth, view.id, { memberIds: [c.id], batch: 'r' });
      const [code] = await newCodes(view.id, 3);
      expect((await redeem(c, code ?? '')).status).toBe(201);
      await markUsed(t, claimedA.id, await insertOrder(t, a.id, 'completed', 9000), 1000);
      await markUsed(t, claimedB.id, await insertOrder(t, b.id, 'partially_refunded', 4000), 700);
      const cList = await t.deps.db.select().from(memberCoupons).where(eq(memberCoupons.memberId, c.id));
      // A coupon used on an order that was then fully refunded counts as used, but not towards GMV.
      await markUsed(t, cList[0]?.id ?? 0, await insertOrder(t, c.id, 'refunded', 5000), 500);
      const res = await t.request().get(`/api/admin/coupon-templates/${view.id}/report`).set(analyst.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        templateId: view.id,
        issuedCount: 5,
        claimedCount: 3,
        usedCount: 3,
        gmvFen: 13_000,
        discountSpentFen: 2200,
        budgetFen: 100_000,
        committedFen: 5000,
        codes: { total: 3, redeemed: 1 },
      });
    });
  });
});
