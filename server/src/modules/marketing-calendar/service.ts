import { journeyTriggerSchema, type CalendarItem, type CalendarItemKind, type MarketingCalendar } from '@siyu/shared';

export type { CalendarItem, CalendarItemKind, MarketingCalendar } from '@siyu/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { scheduleRuns } from './runs';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The instants [from, to) of a China-time month 'YYYY-MM'. */
export function monthRange(month: string): { from: Date; to: Date; days: number } {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  const from = new Date(Date.UTC(year, index, 1) - CHINA_OFFSET_MS);
  const to = new Date(Date.UTC(year, index + 1, 1) - CHINA_OFFSET_MS);
  return { from, to, days: Math.round((to.getTime() - from.getTime()) / DAY_MS) };
}

type Stamp = Date | string;
const iso = (value: Stamp): string => new Date(value).toISOString();
const ms = (value: Stamp): number => new Date(value).getTime();

async function journeyItems(db: Executor, from: Date, to: Date): Promise<{ dated: CalendarItem[]; ongoing: CalendarItem[] }> {
  const rows = await queryRows<{ id: number; name: string; definition: unknown; published_at: Stamp }>(
    db,
    sql`select j.id, j.name, v.definition, v.created_at as published_at from journeys j join journey_versions v on v.id = j.current_version_id
      where j.status = 'active' order by j.id`,
  );
  const dated: CalendarItem[] = [];
  const ongoing: CalendarItem[] = [];
  for (const row of rows) {
    const parsed = journeyTriggerSchema.safeParse((row.definition as { trigger?: unknown } | null)?.trigger);
    const trigger = parsed.success ? parsed.data : null;
    if (trigger?.type === 'schedule') {
      for (const run of scheduleRuns(trigger, from, to))
        dated.push({ kind: 'journey', id: row.id, title: row.name, startAt: run.toISOString(), endAt: null, phase: 'run' });
    } else if (ms(row.published_at) < to.getTime()) {
      ongoing.push({ kind: 'journey', id: row.id, title: row.name, startAt: iso(row.published_at), endAt: null });
    }
  }
  return { dated, ongoing };
}

async function otherItems(db: Executor, from: Date, to: Date): Promise<CalendarItem[]> {
  const f = from.toISOString();
  const t = to.toISOString();
  const rows = await queryRows<{ kind: CalendarItemKind; id: number; title: string; start_at: Stamp; end_at: Stamp | null; phase: 'claim' | 'use' | null }>(
    db,
    sql`select 'campaign' as kind, id, name as title, scheduled_at as start_at, null::timestamptz as end_at, null as phase
        from campaigns where status <> 'cancelled' and scheduled_at >= ${f}::timestamptz and scheduled_at < ${t}::timestamptz
      union all
      select 'flash_sale', id, title, starts_at, least(ends_at, coalesce(stopped_at, ends_at)), null
        from flash_sales where approval_status <> 'rejected' and starts_at < ${t}::timestamptz and least(ends_at, coalesce(stopped_at, ends_at)) > ${f}::timestamptz
      union all
      select 'live_session', id, title, starts_at, coalesce(ended_at, ends_at), null
        from live_sessions where starts_at < ${t}::timestamptz and coalesce(ended_at, ends_at) > ${f}::timestamptz
      union all
      select 'coupon', id, name, claim_starts_at, claim_ends_at, 'claim'
        from coupon_templates where status = 'active' and approval_status <> 'rejected' and (claim_starts_at is not null or claim_ends_at is not null)
          and coalesce(claim_starts_at, '-infinity') < ${t}::timestamptz and coalesce(claim_ends_at, 'infinity') > ${f}::timestamptz
      union all
      select 'coupon', id, name, valid_from, valid_to, 'use'
        from coupon_templates where status = 'active' and approval_status <> 'rejected' and validity_kind = 'window' and (valid_from is not null or valid_to is not null)
          and coalesce(valid_from, '-infinity') < ${t}::timestamptz and coalesce(valid_to, 'infinity') > ${f}::timestamptz`,
  );
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    title: row.title,
    // An open start (a coupon claimable since ever) is shown from the month's first day.
    startAt: row.start_at === null ? from.toISOString() : iso(row.start_at),
    endAt: row.end_at === null ? null : iso(row.end_at),
    ...(row.phase ? { phase: row.phase } : {}),
  }));
}

/**
 * The marketing calendar (营销日历) of a China-time month: each day's scheduled journey runs, campaigns,
 * flash sales, live sessions and coupon claim / use windows (a window spanning days shows on each of them),
 * plus the journeys that run continuously.
 */
export async function marketingCalendar(db: Executor, month: string): Promise<MarketingCalendar> {
  const { from, to, days } = monthRange(month);
  const journeys = await journeyItems(db, from, to);
  const items = [...journeys.dated, ...(await otherItems(db, from, to))];
  const result = Array.from({ length: days }, (_, index) => {
    const dayStart = from.getTime() + index * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const onDay = items.filter((item) => {
      const start = ms(item.startAt);
      const end = item.endAt === null ? start : ms(item.endAt);
      // A point falls in its day; a span covers the days it overlaps (an end at midnight does not spill over).
      return item.endAt === null || end <= start ? start >= dayStart && start < dayEnd : start < dayEnd && end > dayStart;
    });
    onDay.sort((a, b) => ms(a.startAt) - ms(b.startAt) || a.kind.localeCompare(b.kind) || a.id - b.id);
    return { date: new Date(dayStart + CHINA_OFFSET_MS).toISOString().slice(0, 10), items: onDay };
  });
  return { month, days: result, ongoing: journeys.ongoing };
}
