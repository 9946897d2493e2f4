import type { LiveSessionStatus, LiveSessionView } from '@siyu/shared';

/**
 * The session's status at `serverNowMs`: the server's answer held at its `serverNow`; the times let the
 * page move on by itself (开播, 结束) while it stays open. Ended early by staff is final.
 */
export function liveStatus(session: Pick<LiveSessionView, 'status' | 'startsAt' | 'endsAt' | 'endedAt'>, serverNowMs: number): LiveSessionStatus {
  if (session.status === 'ended' || session.endedAt !== null) return 'ended';
  if (serverNowMs >= Date.parse(session.endsAt)) return 'ended';
  if (serverNowMs < Date.parse(session.startsAt)) return 'scheduled';
  return 'live';
}

export const LIVE_STATUS_NAMES: Readonly<Record<LiveSessionStatus, string>> = { scheduled: '即将开播', live: '直播中', ended: '已结束' };

/**
 * A live session's QR scene ("live=12", "live=demo1"; URL-encoded or not, as a QR launch delivers it),
 * or null for any other scene (channel attribution scenes such as "ch=pkg").
 */
export function liveSceneOf(scene: string | undefined): string | null {
  if (!scene) return null;
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    // Not URL-encoded after all: use it as it is.
  }
  decoded = decoded.trim();
  return /^live=[0-9A-Za-z_-]{1,27}$/.test(decoded) ? decoded : null;
}

/** "11月24日 20:00" in Beijing time. */
export function liveTimeText(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const beijing = new Date(ms + 8 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${two(beijing.getUTCHours())}:${two(beijing.getUTCMinutes())}`;
}
