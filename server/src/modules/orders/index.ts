export { orderRoutes } from './routes';
export { closeExpiredOrder, closeExpiredOrders, type CloseOutcome } from './service';
