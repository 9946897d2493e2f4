export * from './resolve-sku-price';
export * from './prorate';
export * from './quote-schema';
export * from './quote';
export * from './rules';
export * from './solver';
export * from './plan';
