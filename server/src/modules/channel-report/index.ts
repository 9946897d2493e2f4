export { channelReportRoutes } from './routes';
export { channelReport } from './service';
export { applyChannelStats, channelStatsConsumer, CHANNEL_STATS_CONSUMER, ensureChannelStatsBuilt, rebuildChannelStats } from './consumer';
