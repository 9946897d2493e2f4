/** Daily check-in (签到) and the birthday gift: points a member earns by showing up. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { birthdaysCelebratedOn, checkinPointsFor, chinaDay, nextCheckinStreak, type CheckinResultView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { memberAccounts, memberCheckins, memberNotices, members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { grantCoupon } from '../coupons';
import { loadMembershipSettings, loadTiers, tierOf } from '../membership/settings';
import { earnPoints } from './earn';
import { lockAccount } from './repo';

/**
 * One check-in per China day (409 POINTS_ALREADY_CHECKED_IN): the streak continues from yesterday,
 * otherwise starts again at 1; the points are the daily points plus the bonus set for exactly that
 * streak (settings.checkinStreakBonus), usable at once (key `checkin:<memberId>:<day>`).
 */
export async function checkIn(sc: ServiceContext, memberId: number): Promise<CheckinResultView> {
  return inTransaction(sc, async (tx) => {
    const account = await lockAccount(tx.db, memberId);
    const today = chinaDay(tx.now);
    if (account.lastCheckinDay === today) throw new AppError('POINTS_ALREADY_CHECKED_IN', undefined, { streak: account.checkinStreak });
    const streak = nextCheckinStreak(account.lastCheckinDay, account.checkinStreak, today);
    const points = checkinPointsFor(streak, await loadMembershipSettings(tx.db));
    await tx.db.insert(memberCheckins).values({ memberId, day: today, streak, points, createdAt: tx.now });
    await tx.db.update(memberAccounts).set({ checkinStreak: streak, lastCheckinDay: today, updatedAt: tx.now }).where(eq(memberAccounts.memberId, memberId));
    await earnPoints(tx, { memberId, amount: points, source: 'checkin', sourceKey: `checkin:${memberId}:${today}`, reason: `每日签到（连续 ${streak} 天）` });
    return { points, streak };
  });
}

/** PUT /api/me/birthday: set once ('MM-DD'); 409 BIRTHDAY_ALREADY_SET afterwards (so the gift cannot be moved around). */
export async function setBirthday(sc: ServiceContext, memberId: number, birthday: string): Promise<{ birthday: string }> {
  return inTransaction(sc, async (tx) => {
    const account = await lockAccount(tx.db, memberId);
    if (account.birthday !== null) throw new AppError('BIRTHDAY_ALREADY_SET', undefined, { birthday: account.birthday });
    await tx.db.update(memberAccounts).set({ birthday, updatedAt: tx.now }).where(eq(memberAccounts.memberId, memberId));
    return { birthday };
  });
}

type Gift = { points: number; memberCouponId: number | null; couponError: string | null };

/** The tier's birthday coupon in a savepoint: a refused grant (stopped, sold out) costs the points nothing. */
async function grantBirthdayCoupon(
  tx: ServiceContext,
  templateId: number,
  memberId: number,
  key: string,
): Promise<Pick<Gift, 'memberCouponId' | 'couponError'>> {
  try {
    const coupon = await tx.db.transaction((savepoint) => grantCoupon({ ...tx, db: savepoint }, { templateId, memberId, source: 'perk', sourceKey: key }));
    return { memberCouponId: coupon.id, couponError: null };
  } catch (error) {
    if (error instanceof AppError) return { memberCouponId: null, couponError: error.code };
    throw error;
  }
}

/** One member's gift for `year`, claimed by its notice (key `birthday:<memberId>:<year>`); false when already given. */
async function giftOne(tx: ServiceContext, member: { id: number; tierCode: string }, year: string): Promise<boolean> {
  const key = `birthday:${member.id}:${year}`;
  const claimed = await tx.db
    .insert(memberNotices)
    .values({ memberId: member.id, kind: 'birthday_gift', data: {}, sourceKey: key, createdAt: tx.now })
    .onConflictDoNothing()
    .returning({ id: memberNotices.id });
  const notice = claimed[0];
  if (!notice) return false;
  const tier = tierOf(await loadTiers(tx.db), member.tierCode);
  const points = (await earnPoints(tx, { memberId: member.id, amount: tier.birthdayPoints, source: 'birthday', sourceKey: key, reason: `${year} 年生日礼` }))
    ? tier.birthdayPoints
    : 0;
  const coupon =
    tier.birthdayCouponTemplateId === null
      ? { memberCouponId: null, couponError: null }
      : await grantBirthdayCoupon(tx, tier.birthdayCouponTemplateId, member.id, key);
  const gift: Gift = { points, ...coupon };
  await tx.db
    .update(memberNotices)
    .set({ data: { tierCode: tier.code, ...gift } })
    .where(eq(memberNotices.id, notice.id));
  return true;
}

/**
 * The birthday job: members whose birthday is today (China time; 29 February falls on 28 February in
 * other years) get their tier's birthday points and coupon once a year, one transaction each, and a
 * 'birthday_gift' notice for journeys. Returns the number of members gifted (run until < limit).
 */
export async function awardBirthdayGifts(sc: ServiceContext, limit = 200): Promise<number> {
  const today = chinaDay(sc.now);
  const year = today.slice(0, 4);
  const due = await sc.db
    .select({ id: members.id, tierCode: members.tierCode })
    .from(memberAccounts)
    .innerJoin(members, eq(members.id, memberAccounts.memberId))
    .where(
      and(
        inArray(memberAccounts.birthday, birthdaysCelebratedOn(today)),
        sql`not exists (select 1 from member_notices n where n.source_key = 'birthday:' || ${memberAccounts.memberId} || ':' || ${year})`,
      ),
    )
    .orderBy(asc(memberAccounts.memberId))
    .limit(limit);
  let gifted = 0;
  for (const member of due) if (await inTransaction(sc, (tx) => giftOne(tx, member, year))) gifted += 1;
  return gifted;
}
