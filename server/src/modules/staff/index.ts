export { staffRoutes } from './routes';
export { hashPassword } from './passwords';
