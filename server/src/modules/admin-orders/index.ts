export { adminOrderRoutes } from './routes';
