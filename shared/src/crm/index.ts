export * from './rfm';
export * from './lifecycle';
export * from './settings';
export * from './segment';
export * from './tags';
