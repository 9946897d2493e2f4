import { SCENE_PATTERN, WECOM_STATE_MAX } from '@siyu/shared';
import dayjs from 'dayjs';
import type { ChannelView } from '../../api/channels';

/** Pure helpers of the 渠道 pages (kept out of the components so they test without a browser). */

/** The report period of a channel: its own period, capped at today; the last 90 days when it has none. */
export function reportRangeOf(channel: Pick<ChannelView, 'startsOn' | 'endsOn'>, today = dayjs()): { from: string; to: string } {
  const to = channel.endsOn && dayjs(channel.endsOn).isBefore(today, 'day') ? dayjs(channel.endsOn) : today;
  const from = channel.startsOn ? dayjs(channel.startsOn) : to.subtract(89, 'day');
  return { from: (from.isAfter(to) ? to : from).format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
}

/** The mini-program scene rule: empty (generated) or ≤ 32 characters of WeChat's alphabet; ≤ 30 for WeCom channels. */
export function sceneError(scene: string, isWecom: boolean): string | null {
  if (scene === '') return null;
  if (!SCENE_PATTERN.test(scene)) return "最多 32 个字符，只能包含字母、数字和 !#$&'()*+,/:;=?@-._~";
  if (isWecom && scene.length > WECOM_STATE_MAX) return `企微渠道的入口码最多 ${WECOM_STATE_MAX} 个字符`;
  return null;
}

/** "A1001\nA1002" → ["A1001", "A1002"] (blank lines dropped). */
export const linesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** One refused row of a vendor CSV, as the server's 422 lists it. */
export interface RowProblem {
  line: number;
  reasons: string[];
}

/** The refused rows of a REACH_IMPORT_ROWS_INVALID answer (`{invalidRows, rows: [{line, errors}]}`); the reasons are Chinese. */
export function rowProblemsOf(details: unknown): { invalidRows: number; rows: RowProblem[] } {
  const record = (details ?? {}) as { invalidRows?: unknown; rows?: unknown };
  const rows = (Array.isArray(record.rows) ? record.rows : []).flatMap((entry: unknown): RowProblem[] => {
    const item = (entry ?? {}) as { line?: unknown; errors?: unknown };
    if (typeof item.line !== 'number') return [];
    const reasons = (Array.isArray(item.errors) ? item.errors : []).filter(
      (reason): reason is string => typeof reason === 'string' && /\p{Script=Han}/u.test(reason),
    );
    return [{ line: item.line, reasons: reasons.length > 0 ? reasons : ['数据有误'] }];
  });
  return { invalidRows: typeof record.invalidRows === 'number' ? record.invalidRows : rows.length, rows };
}

/** Mainland mobile numbers found in pasted text or a CSV (one per line or in any column), deduplicated, in order. */
export function phonesOf(text: string): string[] {
  const found = text.match(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g) ?? [];
  return [...new Set(found.map((phone) => phone.replace(/\D/g, '').slice(-11)))];
}
