import { inArray, sql } from 'drizzle-orm';
import { REPURCHASE_WINDOWS, type RepurchaseReport } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { categories } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { num, rate } from './common';

/** Width of the buckets of the days between repeat purchases; the last bucket is open (180+). */
export const GAP_BUCKET_DAYS = 15;
export const GAP_BUCKET_OPEN_FROM = 180;

/** The value at percentile p (0..1) of a weighted distribution sorted by value: nearest rank (⌈p·n⌉-th value). */
export function weightedPercentile(distribution: { value: number; weight: number }[], p: number): number | null {
  const total = distribution.reduce((sum, entry) => sum + entry.weight, 0);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const entry of distribution) {
    seen += entry.weight;
    if (seen >= rank) return entry.value;
  }
  return distribution[distribution.length - 1]?.value ?? null;
}

/** The buckets 0–14, 15–29, … 165–179, 180+ with their counts. */
export function gapBuckets(distribution: { value: number; weight: number }[]): { fromDays: number; toDays: number | null; repeats: number }[] {
  const buckets: { fromDays: number; toDays: number | null; repeats: number }[] = [];
  for (let fromDays = 0; fromDays < GAP_BUCKET_OPEN_FROM; fromDays += GAP_BUCKET_DAYS)
    buckets.push({ fromDays, toDays: fromDays + GAP_BUCKET_DAYS - 1, repeats: 0 });
  buckets.push({ fromDays: GAP_BUCKET_OPEN_FROM, toDays: null, repeats: 0 });
  for (const { value, weight } of distribution) {
    const index = Math.min(buckets.length - 1, Math.floor(Math.max(0, value) / GAP_BUCKET_DAYS));
    const bucket = buckets[index];
    if (bucket) bucket.repeats += weight;
  }
  return buckets;
}

/**
 * Repurchase of a range (docs/metrics.md): the members whose FIRST paid order fell in the range (stats_members),
 * and for 30 / 60 / 90 days those whose second paid order was paid within N × 24 h of the first — counted among the
 * eligible, whose first order is at least N × 24 h before now. Per category (stats_category_gaps, repeat purchases
 * on a day of the range): the days since the member's previous order with that category, as nearest-rank
 * median / p25 / p75 and 15-day buckets. Categories with the most repeats first.
 */
export async function repurchaseReport(db: Executor, query: { from: string; to: string }, now: Date): Promise<RepurchaseReport> {
  const { from, to } = query;
  const nowIso = now.toISOString();
  const windowColumns = sql.join(
    REPURCHASE_WINDOWS.map(
      (days) =>
        sql`count(*) filter (where first_paid_at <= ${nowIso}::timestamptz - ${`${days} days`}::interval) as ${sql.raw(`eligible_${days}`)},
          count(*) filter (where first_paid_at <= ${nowIso}::timestamptz - ${`${days} days`}::interval
            and second_paid_at <= first_paid_at + ${`${days} days`}::interval) as ${sql.raw(`repurchased_${days}`)}`,
    ),
    sql`, `,
  );
  const [[buyers], gaps] = await Promise.all([
    queryRows<Record<string, unknown>>(
      db,
      sql`select count(*) as first_buyers, ${windowColumns} from stats_members where first_paid_day between ${from}::date and ${to}::date`,
    ),
    queryRows<{ category_id: number; gap_days: number; repeats: unknown }>(
      db,
      sql`select category_id, gap_days, sum(repeats) as repeats from stats_category_gaps
        where day between ${from}::date and ${to}::date group by category_id, gap_days having sum(repeats) > 0 order by category_id, gap_days`,
    ),
  ]);
  const windows = REPURCHASE_WINDOWS.map((days) => {
    const eligible = num(buyers?.[`eligible_${days}`]);
    const repurchased = num(buyers?.[`repurchased_${days}`]);
    return { days, eligible, repurchased, rate: rate(repurchased, eligible) };
  });

  const byCategory = new Map<number, { value: number; weight: number }[]>();
  for (const row of gaps) {
    const id = Number(row.category_id);
    let distribution = byCategory.get(id);
    if (!distribution) byCategory.set(id, (distribution = []));
    distribution.push({ value: Number(row.gap_days), weight: num(row.repeats) });
  }
  const ids = [...byCategory.keys()];
  const names = new Map<number, string>();
  if (ids.length > 0)
    for (const row of await db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, ids)))
      names.set(row.id, row.name);
  const categoryRows = [...byCategory.entries()]
    .map(([categoryId, distribution]) => ({
      categoryId,
      categoryName: names.get(categoryId) ?? `分类 #${categoryId}`,
      repeats: distribution.reduce((sum, entry) => sum + entry.weight, 0),
      medianDays: weightedPercentile(distribution, 0.5),
      p25Days: weightedPercentile(distribution, 0.25),
      p75Days: weightedPercentile(distribution, 0.75),
      buckets: gapBuckets(distribution),
    }))
    .sort((a, b) => b.repeats - a.repeats || a.categoryId - b.categoryId);
  return { from, to, firstBuyers: num(buyers?.first_buyers), windows, categories: categoryRows };
}
