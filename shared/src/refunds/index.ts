export * from './schemas';
export * from './amounts';
