import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The WeChat simulator's mini-program link state (demo and tests only): URL Links it generated, so that
// `/sim/urllink/:ticket` can say what a link opens, and the daily generation quota, counted per appid and
// day by one conditional upsert (500,000 a day, URL Link and URL Scheme together). Times are the simulator's
// clock in epoch milliseconds.

const ms = (name: string) => bigint(name, { mode: 'number' });

/** A URL Link (`https://wxaurl.cn/<ticket>`) and what it opens. */
export const simWxaUrlLinks = pgTable('sim_wxa_url_links', {
  ticket: text('ticket').primaryKey(),
  appid: text('appid').notNull(),
  path: text('path').notNull(),
  query: text('query').notNull(),
  envVersion: text('env_version').notNull(),
  expiresAtMs: ms('expires_at_ms').notNull(),
  createdAtMs: ms('created_at_ms').notNull(),
});

/** Link generations per appid and (Asia/Shanghai) day. */
export const simWxaDailyQuota = pgTable(
  'sim_wxa_daily_quota',
  {
    appid: text('appid').notNull(),
    day: text('day').notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.appid, t.day] })],
);
