export * from './kinds';
export * from './plan';
