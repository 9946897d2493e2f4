export { adminSmsRoutes, smsCallbackRoutes } from './routes';
export { smsSender, smsOutId } from './sender';
export { ensureDefaultSmsTemplates, findSmsTemplate, smsTemplateProblems, DEFAULT_SMS_TEMPLATES } from './templates';
export { applySmsReports, applySmsUplinks, isOptOutReply } from './webhooks';
