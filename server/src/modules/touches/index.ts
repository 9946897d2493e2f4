export { touchRoutes, channelSettingsRoutes } from './routes';
export {
  attributeLogin,
  linkDevice,
  orderAttributionAt,
  recomputeMemberAttribution,
  touchAttributionConsumer,
  type MemberAttribution,
  type OrderAttribution,
} from './attribution';
export { loadChannelSettings, DEFAULT_ATTRIBUTION_WINDOW_DAYS } from './repo';
export { TouchWriter, touchWriterOf, writeTouchBatch, type PendingTouch } from './ingest';
