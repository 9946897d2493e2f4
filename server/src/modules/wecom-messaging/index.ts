export { optOutOnContactDeleted } from './opt-out';
export { registerWecomMessaging, settleWecomMessaging } from './registry';
export { wecomSender } from './sender';
export { startTagSync, syncCorpTags } from './tag-sync';
export { getWelcomeSettings, putWelcomeSettings, sendWelcome, welcomeOnContactAdded } from './welcome';
export { wecomMessagingRoutes } from './routes';
