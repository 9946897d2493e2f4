export * from './kinds';
export * from './plan';
export * from './schemas';
export * from './report';
export * from './entry-codes';
