export { grantCoupon, type CouponSource, type GrantCouponInput } from './grant';
export { toMemberCouponView } from './views';
export { adminCouponRoutes, couponRoutes } from './routes';
