export { adminSubscribeTemplateRoutes, subscriptionRoutes } from './routes';
export { subscribeSender, renderSubscribeData } from './sender';
export { DEFAULT_SUBSCRIBE_TEMPLATES, SUBSCRIBE_SCENES, type SubscribeScene } from './defaults';
export { findTemplateByKey, listSubscribeTemplates, templateFieldProblems } from './templates';
export { spendGrant, refundGrant } from './grants';
export { bridgeRestocks, RESTOCK_TEMPLATE_KEY } from './restock';
