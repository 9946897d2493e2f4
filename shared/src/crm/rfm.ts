import { z } from 'zod';

/**
 * RFM (recency, frequency, monetary) places each paying member in one of 8 cells. A cell's code is three
 * digits R F M, each 1 when the member is at or better than the store's threshold: recency at most the
 * threshold's days, frequency and monetary at least the threshold's. Members who never paid are 潜客,
 * outside the grid.
 */
export const RFM_CELLS = [
  { code: '111', name: '重要价值', hint: '最近买过、买得多、花得多' },
  { code: '011', name: '重要保持', hint: '买得多、花得多，但有一阵没来了' },
  { code: '101', name: '重要发展', hint: '最近买过、花得多，次数还少' },
  { code: '001', name: '重要挽留', hint: '花得多，但不常来、有一阵没来了' },
  { code: '110', name: '一般价值', hint: '最近买过、买得多，花得少' },
  { code: '010', name: '一般保持', hint: '买得多，花得少，有一阵没来了' },
  { code: '100', name: '一般发展', hint: '最近买过，次数少、花得少' },
  { code: '000', name: '一般挽留', hint: '有一阵没来、买得少、花得少' },
] as const;
export type RfmCellCode = (typeof RFM_CELLS)[number]['code'];
export const RFM_CELL_CODES = RFM_CELLS.map((cell) => cell.code) as unknown as readonly [RfmCellCode, ...RfmCellCode[]];
export const rfmCellCodeSchema = z.enum(RFM_CELL_CODES);

export function rfmCellName(code: string): string {
  return RFM_CELLS.find((cell) => cell.code === code)?.name ?? code;
}

/** The thresholds a cell is decided by. */
export interface RfmThresholds {
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
}

/** One member's RFM inputs: days since the last paid order, paid orders and net paid fen in the window. */
export interface RfmInputs {
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
}

/** The member's cell: 1 where at or better than the threshold (shorter recency is better). */
export function rfmCell(inputs: RfmInputs, thresholds: RfmThresholds): RfmCellCode {
  const r = inputs.recencyDays <= thresholds.recencyDays ? '1' : '0';
  const f = inputs.frequency >= thresholds.frequency ? '1' : '0';
  const m = inputs.monetaryFen >= thresholds.monetaryFen ? '1' : '0';
  return `${r}${f}${m}` as RfmCellCode;
}

/**
 * A 1–5 score from quintile cut points (the 20th, 40th, 60th and 80th percentiles of the paying members):
 * 1 + the number of cut points the value reaches. For recency lower is better, so the comparison flips.
 */
export function quintileScore(value: number, cuts: readonly number[], lowerIsBetter = false): number {
  let score = 1;
  for (const cut of cuts) if (lowerIsBetter ? value <= cut : value >= cut) score += 1;
  return Math.min(5, score);
}
