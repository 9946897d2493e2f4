import type { LiveSessionView } from '@siyu/shared';

/** WeChat's live-player plugin (小程序直播): its room page takes the room id. */
export const LIVE_PLAYER_PLUGIN_APPID = 'wx2b03c6e691cd7370';

export type StreamTarget =
  { kind: 'channels'; finderUserName: string; feedId?: string } | { kind: 'room'; url: string } | { kind: 'unavailable'; reason: 'not_weapp' | 'no_room' };

/**
 * Where 观看直播 goes. Channels (视频号): `roomId` is the finder's id (sph…), optionally `sph…#<feedId>`
 * for one live; openChannelsLive opens it. 小程序直播: the live-player plugin's room page. Outside
 * WeChat (H5) neither exists, so the page explains where to watch instead.
 */
export function streamTarget(session: Pick<LiveSessionView, 'platform' | 'roomId'>, isWeapp: boolean): StreamTarget {
  if (!isWeapp) return { kind: 'unavailable', reason: 'not_weapp' };
  const roomId = session.roomId.trim();
  if (!roomId) return { kind: 'unavailable', reason: 'no_room' };
  if (session.platform === 'channels') {
    // A feed id itself contains slashes (export/UzFf…), so '#' separates it from the finder id.
    const separator = roomId.indexOf('#');
    const finderUserName = separator < 0 ? roomId : roomId.slice(0, separator);
    const feedId = separator < 0 ? '' : roomId.slice(separator + 1);
    return feedId ? { kind: 'channels', finderUserName, feedId } : { kind: 'channels', finderUserName };
  }
  return { kind: 'room', url: `plugin-private://${LIVE_PLAYER_PLUGIN_APPID}/pages/live-player-plugin?room_id=${encodeURIComponent(roomId)}` };
}
