export * from './kinds';
export * from './plan';
export * from './report';
export * from './schemas';
