export { adminChannelRoutes } from './routes';
export { requireActiveChannel } from './service';
