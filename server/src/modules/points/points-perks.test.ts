import { and, eq } from 'drizzle-orm';
import { chinaDay, type PointsSummaryView } from '@siyu/shared';
import { memberCoupons, memberNotices, tiers } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createStoreSku, createTemplate } from '../coupons/test-factories';
import { awardBirthdayGifts, awardSignupPoints } from './index';
import { advanceToChinaNoon, inLedgerTx, memberAuthNow, saveSettings, serviceAt, staffAuthNow } from './test-factories';

const DAY_MS = 24 * 3600 * 1000;

describe.each(testDrivers())('check-in, birthday and sign-up points (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;

  const summary = async (memberId: number): Promise<PointsSummaryView> =>
    (await t.request().get('/api/me/points').set(memberAuthNow(t, memberId))).body as PointsSummaryView;
  const checkin = (memberId: number) => t.request().post('/api/me/points/checkin').set(memberAuthNow(t, memberId)).send();
  const putBirthday = (memberId: number, birthday: unknown) => t.request().put('/api/me/birthday').set(memberAuthNow(t, memberId)).send({ birthday });

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('POST /api/me/points/checkin', () => {
    it('checks in once a China day, continues the streak from yesterday and pays the 7-day bonus', async () => {
      advanceToChinaNoon(t);
      const member = await createMemberDirect(t);
      expect((await summary(member.id)).checkin).toEqual({ checkedInToday: false, streak: 0, todayPoints: 5 });
      const first = await checkin(member.id);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ points: 5, streak: 1 });
      const again = await checkin(member.id);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('POINTS_ALREADY_CHECKED_IN');
      expect((await summary(member.id)).checkin).toEqual({ checkedInToday: true, streak: 1, todayPoints: 5 });

      const earned: number[] = [5];
      for (let day = 2; day <= 8; day += 1) {
        t.clock.advance(DAY_MS);
        if (day === 7) expect((await summary(member.id)).checkin).toEqual({ checkedInToday: false, streak: 6, todayPoints: 25 });
        const res = await checkin(member.id);
        expect(res.body).toEqual({ points: day === 7 ? 25 : 5, streak: day });
        earned.push(res.body.points as number);
      }
      expect(await summary(member.id)).toMatchObject({ balance: earned.reduce((a, b) => a + b, 0), available: 60 });

      // A missed day: the streak starts again, and yesterday's is shown as broken.
      t.clock.advance(2 * DAY_MS);
      expect((await summary(member.id)).checkin).toEqual({ checkedInToday: false, streak: 0, todayPoints: 5 });
      expect((await checkin(member.id)).body).toEqual({ points: 5, streak: 1 });
    });

    it('counts days by China time: 23:59 and 00:01 the next China day are two days', async () => {
      advanceToChinaNoon(t);
      const member = await createMemberDirect(t);
      t.clock.advance(12 * 3600 * 1000 - 60_000); // 23:59 China time
      expect((await checkin(member.id)).body).toEqual({ points: 5, streak: 1 });
      t.clock.advance(2 * 60_000); // 00:01 the next day
      expect((await checkin(member.id)).body).toEqual({ points: 5, streak: 2 });
    });

    it('uses the configured daily points and streak bonus', async () => {
      await saveSettings(t.deps.db, { checkinPoints: 2, checkinStreakBonus: { '2': 10 } });
      try {
        advanceToChinaNoon(t);
        const member = await createMemberDirect(t);
        expect((await checkin(member.id)).body).toEqual({ points: 2, streak: 1 });
        t.clock.advance(DAY_MS);
        expect((await checkin(member.id)).body).toEqual({ points: 12, streak: 2 });
      } finally {
        await saveSettings(t.deps.db, {});
      }
    });
  });

  describe('PUT /api/me/birthday', () => {
    it('is set once; a second change is 409 BIRTHDAY_ALREADY_SET', async () => {
      const member = await createMemberDirect(t);
      const res = await putBirthday(member.id, '06-15');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ birthday: '06-15' });
      const again = await putBirthday(member.id, '07-01');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('BIRTHDAY_ALREADY_SET');
    });

    it.each(['13-01', '02-30x', '6-15', '', 615])('rejects %p with 400', async (value) => {
      const member = await createMemberDirect(t);
      const res = await putBirthday(member.id, value);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('birthday gifts (job)', () => {
    it('gives the tier’s birthday points and coupon once a year to members whose birthday is today', async () => {
      advanceToChinaNoon(t);
      await createStoreSku(t, staffAuthNow(t, owner));
      const template = await createTemplate(t, staffAuthNow(t, owner));
      await t.deps.db.update(tiers).set({ birthdayCouponTemplateId: template.id }).where(eq(tiers.code, 'silver'));
      try {
        const today = chinaDay(t.clock.now()).slice(5);
        const birthdayMember = await createMemberDirect(t, 'silver');
        const otherDay = await createMemberDirect(t, 'silver');
        expect((await putBirthday(birthdayMember.id, today)).status).toBe(200);
        expect((await putBirthday(otherDay.id, today === '01-01' ? '01-02' : '01-01')).status).toBe(200);

        expect(await awardBirthdayGifts(serviceAt(t.deps.db, t.clock.now()))).toBeGreaterThanOrEqual(1);
        expect(await summary(birthdayMember.id)).toMatchObject({ balance: 100, available: 100 }); // silver: 100 points
        expect((await summary(otherDay.id)).balance).toBe(0);
        const coupons = await t.deps.db
          .select()
          .from(memberCoupons)
          .where(and(eq(memberCoupons.memberId, birthdayMember.id), eq(memberCoupons.templateId, template.id)));
        expect(coupons).toHaveLength(1);
        const [notice] = await t.deps.db
          .select()
          .from(memberNotices)
          .where(and(eq(memberNotices.memberId, birthdayMember.id), eq(memberNotices.kind, 'birthday_gift')));
        expect(notice?.data).toMatchObject({ tierCode: 'silver', points: 100, memberCouponId: coupons[0]?.id, couponError: null });

        // The job runs again (hourly): nothing more.
        expect(await awardBirthdayGifts(serviceAt(t.deps.db, t.clock.now()))).toBe(0);
        expect((await summary(birthdayMember.id)).balance).toBe(100);
      } finally {
        await t.deps.db.update(tiers).set({ birthdayCouponTemplateId: null }).where(eq(tiers.code, 'silver'));
      }
    });
  });

  describe('sign-up points', () => {
    it('are credited once per member, usable at once', async () => {
      const member = await createMemberDirect(t);
      expect(await inLedgerTx(t, (tx) => awardSignupPoints(tx, member.id))).toBe(true);
      expect(await inLedgerTx(t, (tx) => awardSignupPoints(tx, member.id))).toBe(false);
      expect(await summary(member.id)).toMatchObject({ balance: 100, available: 100 });
    });
  });
});
