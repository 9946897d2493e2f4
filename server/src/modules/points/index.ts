/**
 * Points (积分): a ledger of lots and entries. Every earning is a lot (pending window, calendar-year
 * expiry) with its 'earn' entry; spends take available lots soonest-expiry first under the member's
 * account lock; balance = Σ entries always. Other modules use only what is exported here.
 */
export { earnPoints, earnOrderPoints, awardSignupPoints, awardReferralPoints, type EarnInput } from './earn';
export { spendPoints, releaseSpentPoints, type SpendInput } from './spend';
export { reverseOrderPointsForRefund, type RefundPointsResult } from './refund';
export { expirePoints } from './expiry';
export { checkIn, setBirthday, awardBirthdayGifts } from './perks';
export { pointsSummary, availablePoints, memberPointsBalance, pointsLiability } from './queries';
export { checkLedger, type LedgerCheck, type LedgerMismatch } from './check';
export { adjustPoints } from './adjust';
export { adminPointsRoutes, pointsRoutes } from './routes';
export { orderEarnedPoints } from './order-earned';
