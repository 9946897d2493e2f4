export { adminLiveSessionRoutes, liveSessionRoutes } from './routes';
export { findPromoCodeForCheckout, type PromoCodeLookup } from './checkout-lookup';
export { sessionStatus } from './views';
export type { LiveSessionRow, PromoCodeRow } from './repo';
