export * from './resolve-sku-price';
