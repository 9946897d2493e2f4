import { chinaDay } from '@siyu/shared';
import type { Db } from '../../db/client';
import { applyRuleTags } from './rule-tags';
import { recordSegmentCounts } from './service';

/**
 * Runs after each full member-facts rebuild (registered in main.ts): every rule tag re-evaluated for every
 * member (recency moved on overnight), then each active segment's size recorded for the China day.
 */
export async function segmentsAfterRebuild(db: Db, now: Date): Promise<void> {
  await applyRuleTags(db, null, now);
  await recordSegmentCounts(db, chinaDay(now), now);
}
