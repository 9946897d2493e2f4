export { adminPointsMallRoutes, pointsMallRoutes } from './routes';
export { completeMallRedemptionForOrder, releaseMallRedemptionForOrder } from './order-hooks';
