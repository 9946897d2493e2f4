export { adminLiveSessionRoutes, liveSessionRoutes } from './routes';
export { findPromoCodeForCheckout, type PromoCodeLookup } from './checkout-lookup';
export { sessionStatus } from './views';
export type { LiveSessionRow, PromoCodeRow } from './repo';
export { CODE_ATTEMPTS_PER_IP, CODE_ATTEMPTS_PER_MEMBER, withPromoCodeAttempts } from './promo-code-attempts';
