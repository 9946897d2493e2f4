import type { RfmThresholdsInForce } from '@siyu/shared';
import { money } from '../../format';

/** 1234 → "1,234". */
export const count = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN'));

/** Basis points → "12.3%" (one decimal). */
export const bpPercent = (bp: number | null | undefined): string =>
  bp === null || bp === undefined || !Number.isFinite(bp) ? '—' : `${(bp / 100).toFixed(1)}%`;

/** "最近消费 ≤ 30 天 · 订单数 ≥ 2 · 消费额 ≥ ¥300.00，近 365 天". */
export function thresholdsText(thresholds: Pick<RfmThresholdsInForce, 'recencyDays' | 'frequency' | 'monetaryFen'> | null, windowDays: number): string {
  if (!thresholds) return `还没有计算阈值（近 ${windowDays} 天）`;
  return `最近消费 ≤ ${count(thresholds.recencyDays)} 天 · 订单数 ≥ ${count(thresholds.frequency)} · 消费额 ≥ ${money(thresholds.monetaryFen)}，近 ${count(windowDays)} 天`;
}

export const THRESHOLD_MODE_NAMES = { mean: '平均值', median: '中位数', fixed: '自定义' } as const;

export const REBUILD_TRIGGER_NAMES: Readonly<Record<string, string>> = { settings: '修改设置', manual: '手动重算', nightly: '每晚重算', schedule: '每晚重算' };
export const REBUILD_STATUS_NAMES: Readonly<Record<string, string>> = { running: '计算中', done: '已完成', failed: '失败' };

/** A rebuild's progress in whole percent (0 when the total is not known yet). */
export const rebuildPercent = (rebuild: { total: number; processed: number; status: string }): number =>
  rebuild.status === 'done' ? 100 : rebuild.total > 0 ? Math.min(99, Math.floor((rebuild.processed / rebuild.total) * 100)) : 0;
