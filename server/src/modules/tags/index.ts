export { adminTagRoutes } from './routes';
export { backfillChannelTags, channelTagsConsumer, ensureChannelTagsBuilt, syncChannelTags } from './channel-tags';
export { TAG_IMPORT_BODY_LIMIT, TAG_IMPORT_PATH, tagImportBodyParser } from './import-body';
