export { adminWecomRoutes, wecomCallbackRoutes, WECOM_CALLBACK_PATH } from './routes';
export { createWecomCode, wecomErrorToAppError } from './codes';
export { enrichContacts, settleWecomEnrichments } from './enrich';
