export { adminStorePromotionRoutes } from './routes';
export { storePromotionPhase, toStorePromotionView } from './views';
export type { StorePromotionRow } from './repo';
