export * from './provinces';
export * from './schemas';
export * from './fee';
export * from './explain';
