import { streamTarget } from './stream-target';

describe('streamTarget', () => {
  it.each([
    ['channels live of a finder', { platform: 'channels' as const, roomId: 'sphAbc123' }, true, { kind: 'channels', finderUserName: 'sphAbc123' }],
    [
      'one channels feed',
      { platform: 'channels' as const, roomId: 'sphAbc123#export/UzFfAgtgekIEAQ' },
      true,
      { kind: 'channels', finderUserName: 'sphAbc123', feedId: 'export/UzFfAgtgekIEAQ' },
    ],
    [
      'mini-program live room',
      { platform: 'miniprogram_live' as const, roomId: '12' },
      true,
      { kind: 'room', url: 'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=12' },
    ],
    ['H5 has neither', { platform: 'channels' as const, roomId: 'sphAbc123' }, false, { kind: 'unavailable', reason: 'not_weapp' }],
    ['no room configured', { platform: 'miniprogram_live' as const, roomId: '  ' }, true, { kind: 'unavailable', reason: 'no_room' }],
  ])('%s', (_name, session, isWeapp, expected) => {
    expect(streamTarget(session, isWeapp)).toEqual(expected);
  });
});
