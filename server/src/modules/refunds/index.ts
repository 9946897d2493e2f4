export { adminRefundRoutes, refundRoutes } from './routes';
