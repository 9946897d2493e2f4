import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { journeys } from './journeys';
import { members } from './identity';

/**
 * Time-based journey triggers (issue 15): the members a segment_entered journey saw in its segment at the
 * last scan (the next scan enrolls only the newcomers), and the last run of a schedule journey.
 */
export const journeySegmentMembers = pgTable(
  'journey_segment_members',
  {
    journeyId: integer('journey_id')
      .notNull()
      .references(() => journeys.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.memberId] })],
);

/** A segment_entered journey's first scan only records the members already in it (they did not "enter"). */
export const journeyTriggerState = pgTable('journey_trigger_state', {
  journeyId: integer('journey_id')
    .primaryKey()
    .references(() => journeys.id),
  /** segment_entered: 'primed' once the first scan recorded the segment; schedule: the China date of the last run. */
  lastRun: text('last_run').notNull(),
  updatedAt: updatedAt(),
});
