export { adminHomeRoutes } from './routes';
