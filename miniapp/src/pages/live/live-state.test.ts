import { liveSceneOf, liveStatus, liveTimeText } from './live-state';

const session = { status: 'scheduled' as const, startsAt: '2026-11-24T12:00:00.000Z', endsAt: '2026-11-24T14:00:00.000Z', endedAt: null };
const at = (iso: string, plus = 0) => Date.parse(iso) + plus;

describe('live session status on the server clock', () => {
  it.each([
    ['before the start', session, at(session.startsAt, -1), 'scheduled'],
    ['from the start', session, at(session.startsAt), 'live'],
    ['at the end', { ...session, status: 'live' as const }, at(session.endsAt), 'ended'],
    ['ended early by staff', { ...session, status: 'live' as const, endedAt: '2026-11-24T12:30:00.000Z' }, at(session.startsAt, 60_000), 'ended'],
  ] as const)('%s → %s', (_name, input, now, status) => {
    expect(liveStatus(input, now)).toBe(status);
  });

  it('recognises a live QR scene, encoded or not, and nothing else', () => {
    expect(liveSceneOf('live=12')).toBe('live=12');
    expect(liveSceneOf('live%3Ddemo1')).toBe('live=demo1');
    expect(liveSceneOf('ch=live 7')).toBeNull();
    expect(liveSceneOf('live=')).toBeNull();
    expect(liveSceneOf(undefined)).toBeNull();
    expect(liveSceneOf('%E0%A4%A')).toBeNull();
  });

  it('writes times in Beijing time', () => {
    expect(liveTimeText(session.startsAt)).toBe('11月24日 20:00');
  });
});
