import { z } from 'zod';

/** Lifecycle stages by recency of purchase (boundaries per store, in China-time days). */
export const LIFECYCLE_STAGES = [
  { code: 'prospect', name: '潜客', hint: '注册了，还没有下过单' },
  { code: 'new', name: '新客', hint: '首单在最近 30 天内' },
  { code: 'active', name: '活跃', hint: '最近 0–90 天买过' },
  { code: 'silent', name: '沉默', hint: '91–180 天没买了' },
  { code: 'at_risk', name: '流失风险', hint: '181–365 天没买了' },
  { code: 'churned', name: '已流失', hint: '超过 365 天没买了' },
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]['code'];
export const LIFECYCLE_CODES = LIFECYCLE_STAGES.map((stage) => stage.code) as unknown as readonly [LifecycleStage, ...LifecycleStage[]];
export const lifecycleStageSchema = z.enum(LIFECYCLE_CODES);

export function lifecycleName(code: string): string {
  return LIFECYCLE_STAGES.find((stage) => stage.code === code)?.name ?? code;
}

/** The store's boundaries, in whole days since the purchase (China-time calendar days). */
export interface LifecycleBoundaries {
  /** 新客 while the first paid order is at most this many days ago (default 30). */
  newDays: number;
  /** 活跃 up to this many days since the last paid order (default 90). */
  activeDays: number;
  /** 沉默 up to this many (default 180). */
  silentDays: number;
  /** 流失风险 up to this many (default 365); beyond, 已流失. */
  atRiskDays: number;
}

/**
 * The stage of a member from the days since the first and the last paid order (null when never paid).
 * Day 90 is still 活跃, day 91 is 沉默 (with the default boundaries).
 */
export function lifecycleStage(daysSinceFirst: number | null, daysSinceLast: number | null, b: LifecycleBoundaries): LifecycleStage {
  if (daysSinceFirst === null || daysSinceLast === null) return 'prospect';
  if (daysSinceFirst <= b.newDays) return 'new';
  if (daysSinceLast <= b.activeDays) return 'active';
  if (daysSinceLast <= b.silentDays) return 'silent';
  if (daysSinceLast <= b.atRiskDays) return 'at_risk';
  return 'churned';
}
