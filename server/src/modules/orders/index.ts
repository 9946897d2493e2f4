export { orderRoutes } from './routes';
export { closeExpiredOrders } from './service';
