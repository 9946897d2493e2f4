export { recordAudit, recordAnonymousAudit } from './service';
export { auditRoutes } from './routes';
