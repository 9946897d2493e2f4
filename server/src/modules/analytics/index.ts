import type { Db } from '../../db/client';
import { drainConsumerFully } from '../events';
import { analyticsCoreConsumer } from './consumer';

export {
  ANALYTICS_CORE_CONSUMER,
  analyticsAsOf,
  analyticsCoreConsumer,
  applyAnalyticsCore,
  compareAnalyticsRebuild,
  ensureAnalyticsBuilt,
  rebuildAnalyticsCore,
  type AnalyticsDiff,
} from './consumer';
export { CORE_TABLES, type CoreTable } from './stats-repo';

/** Tests: runs the core consumer until it has passed every event committed when called; returns the events passed. */
export function drainAnalytics(db: Db, now: () => Date = () => new Date()): Promise<number> {
  return drainConsumerFully(db, analyticsCoreConsumer, now);
}
