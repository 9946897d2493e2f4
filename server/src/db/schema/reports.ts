import { bigint, date, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';

/*
 * The cohort report's pre-aggregate (issue 16): per cohort (month of the first paid order), acquisition channel
 * and calendar month, the cohort's members with a paid order that month and their net paid (paid − refunded, each
 * refund on its own day). Kept by analytics-core with stats_member_days: before a batch refreshes its members their
 * contribution is taken out, after it is added back (server/src/modules/reports/cohort-months.ts); the rebuild
 * recomputes it whole. The report reads a few thousand rows instead of every member-day.
 */
export const statsCohortMonths = pgTable(
  'stats_cohort_months',
  {
    cohortMonth: date('cohort_month', { mode: 'string' }).notNull(),
    channelId: integer('channel_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    activeMembers: integer('active_members').notNull().default(0),
    netFen: bigint('net_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cohortMonth, t.channelId, t.month] })],
);
