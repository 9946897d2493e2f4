export { adminCampaignRoutes } from './routes';
export { CAMPAIGN_CHUNK, enqueueCampaign, runDueCampaigns } from './enqueue';
export { cancelCampaign, createCampaign, getCampaign, listCampaigns } from './service';
