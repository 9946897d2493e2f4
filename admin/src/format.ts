import { formatFen, toFen } from '@siyu/shared';
import dayjs from 'dayjs';

/** "2026-11-24 12:53:40" in the browser's time zone; "—" for none. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** ¥12.50 from integer fen (display only); "—" for none. */
export function money(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : formatFen(toFen(fen));
}
