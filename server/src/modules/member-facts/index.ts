export { adminCrmRoutes } from './routes';
export { memberFactsConsumer, membersOfEvents, MEMBER_FACTS_CONSUMER } from './consumer';
export { crmSettingsOf, refreshMemberFacts, saveCrmSettings, FACTS_BATCH_SIZE, type CrmSettingsState, type RefreshOptions, type RefreshResult } from './facts';
export { shanghaiDay } from './facts-repo';
export { computeThresholds } from './facts-thresholds';
export {
  ensureMemberFactsBuilt,
  findRebuild,
  latestRebuild,
  registerAfterRebuild,
  runCrmRebuild,
  settleCrmRebuilds,
  startCrmRebuild,
  type AfterRebuildHook,
  type CrmRebuild,
  type CrmRebuildTrigger,
} from './rebuild';
export { lifecycleReport, rfmGrid, rfmScores, sharesBp } from './service';
