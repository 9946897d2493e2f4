export * from './rfc4180';
export * from './issue-text';
export * from './catalog-columns';
export * from './catalog-rows';
export * from './catalog-export';
export * from './catalog-io';
export * from './order-csv';
