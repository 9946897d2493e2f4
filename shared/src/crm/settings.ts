import { z } from 'zod';

const days = z.number().int().min(1).max(3650);

/** How the RFM thresholds are set: the paying members' mean or median, or merchant-set values. */
export const rfmThresholdModeSchema = z.enum(['mean', 'median', 'fixed']);

/** The store's customer-data settings (PUT /api/admin/crm/settings). */
export const crmSettingsSchema = z
  .strictObject({
    rfm: z.strictObject({
      /** F and M count paid orders within this many days (default 365). */
      windowDays: days,
      mode: rfmThresholdModeSchema,
      /** Used when mode is 'fixed' (e.g. 30 days / 2 orders / ¥300). */
      fixed: z.strictObject({
        recencyDays: days,
        frequency: z.number().int().min(1).max(100_000),
        monetaryFen: z.number().int().min(1).max(100_000_000_00),
      }),
    }),
    lifecycle: z.strictObject({ newDays: days, activeDays: days, silentDays: days, atRiskDays: days }),
  })
  .refine((s) => s.lifecycle.activeDays < s.lifecycle.silentDays && s.lifecycle.silentDays < s.lifecycle.atRiskDays, {
    message: 'lifecycle boundaries must increase: active < silent < at risk',
    path: ['lifecycle'],
  })
  .refine((s) => s.lifecycle.newDays <= s.lifecycle.activeDays, { message: 'newDays must not exceed activeDays', path: ['lifecycle', 'newDays'] });
export type CrmSettings = z.output<typeof crmSettingsSchema>;

export const DEFAULT_CRM_SETTINGS: CrmSettings = {
  rfm: { windowDays: 365, mode: 'median', fixed: { recencyDays: 30, frequency: 2, monetaryFen: 30_000 } },
  lifecycle: { newDays: 30, activeDays: 90, silentDays: 180, atRiskDays: 365 },
};

/** The thresholds in force, computed at the last rebuild (or the fixed ones), with the quintile cut points. */
export interface RfmThresholdsInForce {
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
  /** 20/40/60/80th percentiles among paying members, for the 1–5 scores. */
  quintiles: { recencyDays: number[]; frequency: number[]; monetaryFen: number[] };
  computedAt: string | null;
}
