export { adminEntryCodeRoutes, SMS_LINKS_BODY_LIMIT, SMS_LINKS_PATH } from './routes';
