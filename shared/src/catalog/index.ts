export * from './schemas';
export * from './tags';
