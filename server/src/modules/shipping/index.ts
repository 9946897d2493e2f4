export { adminShippingRoutes } from './routes';
export { resolveShippingRule, type ShippingQuoteLine, type ShippingQuoteRequest } from './resolve';
