export { orderRoutes } from './routes';
export { closeExpiredOrder, closeExpiredOrders, type CloseOutcome } from './service';
export { countMemberOrders } from './member-counts';
export { orderRewardRoutes } from './rewards-routes';
