export { catalogIoRoutes } from './routes';
