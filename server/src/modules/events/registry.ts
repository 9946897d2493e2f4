import { channelStatsConsumer } from '../channel-report/consumer';
import { memberFactsConsumer } from '../member-facts/consumer';
import { touchAttributionConsumer } from '../touches/attribution';
import { ruleTagsConsumer } from '../segments/rule-tags';
import { channelTagsConsumer } from '../tags/channel-tags';
import { journeysConsumer } from '../journeys/consumer';
import { analyticsDetailConsumer } from '../analytics-detail/consumer';
import { analyticsCoreConsumer } from '../analytics/consumer';
import type { EventConsumer } from './consumers';

/**
 * Every consumer of the outbox, in the order a tick runs them. A feature adds its consumer here (one line);
 * `npm start` runs them all, tests drain them with `drainAllConsumers`.
 */
export const EVENT_CONSUMERS: EventConsumer[] = [
  memberFactsConsumer,
  ruleTagsConsumer,
  touchAttributionConsumer,
  channelStatsConsumer,
  analyticsCoreConsumer,
  channelTagsConsumer,
  journeysConsumer,
  analyticsDetailConsumer,
];
