export {
  ANALYTICS_DETAIL_CONSUMER,
  analyticsDetailConsumer,
  applyAnalyticsDetail,
  compareAnalyticsDetail,
  ensureAnalyticsDetailBuilt,
  rebuildAnalyticsDetail,
  type DetailDifference,
} from './consumer';
