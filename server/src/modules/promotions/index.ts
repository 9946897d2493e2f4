export { assessForApproval, isApprovedStatus, toApprovalView, type ApprovalAssessment } from './approval';
export { loadPromotionSettings } from './settings';
export { promotionAdminRoutes } from './routes';
export { priceWithPromotions, type PricedCheckout, type PromotionChoices, type PromotionSelections } from './engine';
export { markCouponsUsed, releasePromotions, reservePoints, reservePromotions, returnCouponsAfterFullRefund } from './reservations';
