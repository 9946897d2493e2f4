export * from './definition';
export * from './views';
