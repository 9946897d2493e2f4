export * from './rfm';
export * from './lifecycle';
export * from './settings';
export * from './segment';
export * from './tags';
export * from './events';
export * from './segment-views';
export * from './views';
