export { adminReachImportRoutes, REACH_IMPORT_BODY_LIMIT, REACH_IMPORT_PATH } from './routes';
