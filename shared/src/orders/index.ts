export * from './schemas';
export * from './admin-ops';
