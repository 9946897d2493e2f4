export { assessForApproval, isApprovedStatus, toApprovalView, type ApprovalAssessment } from './approval';
export { loadPromotionSettings } from './settings';
export { promotionAdminRoutes } from './routes';
export { choicesOf, priceCheckout, type CheckoutPricing, type CheckoutPricingInput } from './checkout-pricing';
export { type PricedCheckout, type PromotionChoices, type PromotionSelections } from './engine';
export { quoteCheckout } from './quote';
export { markCouponsUsed, releasePromotions, reservePoints, reservePromotions, returnCouponsAfterFullRefund } from './reservations';
