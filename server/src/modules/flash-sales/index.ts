export { flashAttemptOf, refuseLostFlashAttempt, type FlashCheckoutAttempt } from './checkout-guard';
export { adminFlashSaleRoutes, flashSaleRoutes } from './routes';
export { flashSaleStatus, toFlashSaleView } from './views';
export type { FlashSaleRow, FlashSaleWithSku } from './repo';
