import { DEFAULT_CRM_SETTINGS, type CrmSettings, type RfmThresholdsInForce } from '@siyu/shared';

/** The member-facts tests' shared clock, days and fixed RFM settings. */
export const DAY = 86_400_000;
/** Noon in China on 2026-06-01. */
export const NOW = new Date('2026-06-01T04:00:00Z');
export const chinaDay = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
export const daysAgo = (instant: Date, now = NOW) => (Date.parse(chinaDay(now)) - Date.parse(chinaDay(instant))) / DAY;

/** A small deterministic generator (mulberry32): the same data on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const FIXED: CrmSettings = { ...DEFAULT_CRM_SETTINGS, rfm: { ...DEFAULT_CRM_SETTINGS.rfm, mode: 'fixed' } };
export const THRESHOLDS: RfmThresholdsInForce = {
  recencyDays: 30,
  frequency: 2,
  monetaryFen: 30_000,
  quintiles: { recencyDays: [10, 30, 90, 200], frequency: [1, 2, 3, 5], monetaryFen: [10_000, 29_999, 30_000, 80_000] },
  computedAt: NOW.toISOString(),
};
