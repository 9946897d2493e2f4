export { loadMembershipSettings, loadTiers, tierOf } from './settings';
export { ensureMemberAccount, evaluateMemberTier, growthForRetention, runTierRetention } from './evaluation';
export { adjustGrowth, creditActionGrowth, creditDueOrderGrowth, creditOrderGrowth, reverseRefundGrowth, type GrowthAction } from './growth';
export { processTierReevaluation, resumeTierReevaluations } from './reevaluation';
export { adminMembershipRoutes, membershipRoutes } from './routes';
export { grantMonthlyCoupons } from './monthly-coupons';
export { orderGrowthOutlook } from './order-growth';
