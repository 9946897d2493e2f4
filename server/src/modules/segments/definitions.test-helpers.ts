import { LIFECYCLE_STAGES, RFM_CELLS, SEGMENT_FACTS, TIER_CODES, type SegmentCondition, type SegmentDefinition } from '@siyu/shared';
import { CITIES, type Rng, type WorldRefs } from './world.test-helpers';

const CONSENT_CHANNELS = ['sms', 'wecom', 'subscribe', 'personalized'] as const;

const FACT_VALUES: Record<string, number[]> = {
  paidOrders: [0, 1, 2, 3, 5],
  netPaidFen: [0, 10_000, 30_000, 50_000],
  aovFen: [0, 5000, 15_000, 30_000],
  refundCount: [0, 1, 2],
  couponShareBp: [0, 5000, 8000],
  windowOrders: [0, 1, 3],
  windowNetFen: [0, 20_000],
  rScore: [0, 1, 3, 5],
  fScore: [0, 2, 4],
  mScore: [0, 3, 5],
  pointsBalance: [0, 1000, 2500],
};
const DAY_VALUES = [0, 1, 30, 90, 91, 180, 365];

/** A random valid condition naming only the world's ids. */
export function randomCondition(rng: Rng, refs: WorldRefs): SegmentCondition {
  const not = rng.chance(0.25) ? { not: true } : {};
  const kind = rng.int(0, 14);
  const productsOrCategories = () => (rng.chance(0.5) ? { productIds: rng.some(refs.productIds, 3) } : { categoryIds: rng.some(refs.categoryIds, 2) });
  switch (kind) {
    case 0:
    case 1: {
      const fact = rng.pick(SEGMENT_FACTS).code;
      const values = FACT_VALUES[fact] ?? DAY_VALUES;
      const op = rng.pick(['gte', 'lte', 'eq', 'between'] as const);
      const value = rng.pick(values);
      return op === 'between' ? { type: 'fact', fact, op, value, to: value + rng.pick(values), ...not } : { type: 'fact', fact, op, value, ...not };
    }
    case 2:
      return {
        type: 'rfmCell',
        cells: rng.some(
          RFM_CELLS.map((c) => c.code),
          3,
        ),
        ...not,
      };
    case 3:
      return {
        type: 'lifecycle',
        stages: rng.some(
          LIFECYCLE_STAGES.map((s) => s.code),
          2,
        ),
        ...not,
      };
    case 4:
      return { type: 'tier', tiers: rng.some(TIER_CODES, 2), ...not };
    case 5:
      return { type: 'tag', op: rng.pick(['any', 'all', 'none'] as const), tagIds: rng.some(refs.tagIds, 3) };
    case 6:
      return { type: 'channel', which: rng.pick(['acquisition', 'last', 'any'] as const), channelIds: rng.some(refs.channelIds, 2), ...not };
    case 7:
      return { type: 'bought', ...productsOrCategories(), withinDays: rng.pick([30, 90, 180, 365]), minTimes: rng.pick([1, 1, 2]), ...not };
    case 8:
      return { type: 'viewedNotBought', ...productsOrCategories(), withinDays: rng.pick([7, 30, 90]), ...not };
    case 9:
      return rng.chance(0.5) ? { type: 'couponHeld', ...not } : { type: 'couponHeld', templateIds: rng.some(refs.templateIds), ...not };
    case 10:
      return { type: 'couponUsed', withinDays: rng.pick([30, 90]), ...(rng.chance(0.5) ? { templateIds: rng.some(refs.templateIds) } : {}), ...not };
    case 11:
      return { type: 'birthdayMonth', months: rng.some([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 4), ...not };
    case 12:
      return { type: 'city', cities: rng.some([...CITIES, '杭州市'], 2), ...not };
    case 13:
      return { type: 'hasPhone', value: rng.chance(0.5) };
    default:
      return { type: 'consent', channel: rng.pick(CONSENT_CHANNELS), granted: rng.chance(0.5) };
  }
}

export function randomDefinition(rng: Rng, refs: WorldRefs): SegmentDefinition {
  const groups = Array.from({ length: rng.int(0, 3) }, () => ({
    match: rng.pick(['all', 'any'] as const),
    conditions: Array.from({ length: rng.int(1, 3) }, () => randomCondition(rng, refs)),
  }));
  return { match: rng.pick(['all', 'any'] as const), groups };
}
