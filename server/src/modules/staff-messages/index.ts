export { insertStaffMessages, listInbox, markAllRead, markMessageRead, type NewStaffMessage } from './service';
export { staffMessageRoutes } from './routes';
