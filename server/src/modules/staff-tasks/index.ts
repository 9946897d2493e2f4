export { createStaffTask, type NewStaffTask, type StaffTaskKind } from './service';
export { staffTaskRoutes } from './routes';
