import { DEFAULT_MESSAGING_SETTINGS, type MessagingSettings } from '@siyu/shared';
import { chinaAt } from './messaging.test-helpers';
import { chinaDayStart, judgeIntent, quietHoursEnd, type GuardFacts, type GuardIntent, type MemberFacts } from './guards';

const settings: MessagingSettings = DEFAULT_MESSAGING_SETTINGS;
const noon = chinaAt('12:00:00');

function factsOf(member: Partial<MemberFacts> = {}, broadcastCampaigns: number[] = []): GuardFacts {
  const full: MemberFacts = { present: true, consents: {}, suppressed: false, counts: { day: {}, week: {}, allDay: 0, allWeek: 0 }, ...member };
  return { members: new Map([[7, full]]), broadcastCampaigns: new Set(broadcastCampaigns) };
}

const intent = (patch: Partial<GuardIntent> = {}): GuardIntent => ({
  memberId: 7,
  channel: 'sms',
  purpose: 'marketing',
  journeyId: 1,
  campaignId: null,
  ...patch,
});

describe('quiet hours (China time)', () => {
  it.each([
    ['20:59:59', '21:00', '08:00', null],
    ['21:00:00', '21:00', '08:00', chinaAt('08:00:00', '2026-12-08')],
    ['23:59:59', '21:00', '08:00', chinaAt('08:00:00', '2026-12-08')],
    ['00:00:00', '21:00', '08:00', chinaAt('08:00:00')],
    ['07:59:59', '21:00', '08:00', chinaAt('08:00:00')],
    ['08:00:00', '21:00', '08:00', null],
    ['12:00:00', '21:00', '08:00', null],
    // A window that does not cross midnight.
    ['12:59:59', '13:00', '14:30', null],
    ['13:00:00', '13:00', '14:30', chinaAt('14:30:00')],
    ['14:29:59', '13:00', '14:30', chinaAt('14:30:00')],
    ['14:30:00', '13:00', '14:30', null],
    // Equal start and end: no quiet hours.
    ['03:00:00', '22:00', '22:00', null],
  ])('at %s with [%s, %s) → %s', (time, start, end, expected) => {
    expect(quietHoursEnd(chinaAt(time), start, end)).toEqual(expected);
  });

  it('the China day starts at 16:00 UTC the day before', () => {
    expect(chinaDayStart(chinaAt('00:30:00'))).toEqual(new Date('2026-12-06T16:00:00.000Z'));
    expect(chinaDayStart(chinaAt('23:59:59'))).toEqual(new Date('2026-12-06T16:00:00.000Z'));
  });
});

describe('judgeIntent', () => {
  const granted = { consents: { sms: true, inapp: true, wecom: true, subscribe: true } };
  it.each<[string, GuardIntent, Partial<MemberFacts>, ReturnType<typeof judgeIntent>]>([
    ['consent granted passes', intent(), granted, { kind: 'pass' }],
    ['no consent row: SMS is not granted', intent(), {}, { kind: 'skip', reason: 'no_consent' }],
    ['no consent row: WeCom is not granted', intent({ channel: 'wecom' }), {}, { kind: 'skip', reason: 'no_consent' }],
    ['no consent row: in-app is granted', intent({ channel: 'inapp' }), {}, { kind: 'pass' }],
    ['in-app withdrawn', intent({ channel: 'inapp' }), { consents: { inapp: false } }, { kind: 'skip', reason: 'no_consent' }],
    [
      'personalized off skips journey marketing',
      intent(),
      { consents: { ...granted.consents, personalized: false } },
      { kind: 'skip', reason: 'personalization_off' },
    ],
    ['personalized on explicitly passes', intent(), { consents: { ...granted.consents, personalized: true } }, { kind: 'pass' }],
    ['suppressed number', intent(), { ...granted, suppressed: true }, { kind: 'skip', reason: 'suppressed' }],
    ['suppression is SMS only', intent({ channel: 'wecom' }), { ...granted, suppressed: true }, { kind: 'pass' }],
    ['member gone', intent({ purpose: 'service' }), { present: false }, { kind: 'skip', reason: 'member_gone' }],
    ['service bypasses consent', intent({ purpose: 'service' }), { consents: { sms: false, personalized: false } }, { kind: 'pass' }],
    ['service bypasses caps', intent({ purpose: 'service' }), { counts: { day: { sms: 9 }, week: { sms: 9 }, allDay: 9, allWeek: 9 } }, { kind: 'pass' }],
    ['sms day cap (1)', intent(), { ...granted, counts: { day: { sms: 1 }, week: { sms: 1 }, allDay: 1, allWeek: 1 } }, { kind: 'skip', reason: 'cap_day' }],
    ['sms week cap (2)', intent(), { ...granted, counts: { day: {}, week: { sms: 2 }, allDay: 0, allWeek: 2 } }, { kind: 'skip', reason: 'cap_week' }],
    [
      'all-channel day cap (3)',
      intent({ channel: 'inapp' }),
      { counts: { day: { sms: 1, wecom: 1, inapp: 1 }, week: {}, allDay: 3, allWeek: 3 } },
      { kind: 'skip', reason: 'cap_all_day' },
    ],
    [
      'all-channel week cap (8)',
      intent({ channel: 'inapp' }),
      { counts: { day: {}, week: { inapp: 8 }, allDay: 0, allWeek: 8 } },
      { kind: 'skip', reason: 'cap_all_week' },
    ],
    ['under every cap', intent({ channel: 'inapp' }), { counts: { day: { inapp: 2 }, week: { inapp: 7 }, allDay: 2, allWeek: 7 } }, { kind: 'pass' }],
  ])('%s', (_name, subject, member, expected) => {
    expect(judgeIntent(subject, factsOf(member), settings, noon)).toEqual(expected);
  });

  it('a broadcast to everyone passes the PIPL switch; a journey or a segment campaign does not', () => {
    const off = { consents: { inapp: true, personalized: false } };
    expect(judgeIntent(intent({ channel: 'inapp', journeyId: null, campaignId: 5 }), factsOf(off, [5]), settings, noon)).toEqual({ kind: 'pass' });
    expect(judgeIntent(intent({ channel: 'inapp', journeyId: null, campaignId: 6 }), factsOf(off, [5]), settings, noon)).toEqual({
      kind: 'skip',
      reason: 'personalization_off',
    });
    expect(judgeIntent(intent({ channel: 'inapp' }), factsOf(off, [5]), settings, noon)).toEqual({ kind: 'skip', reason: 'personalization_off' });
  });

  it('holds pushed marketing in quiet hours (not a skip), never service or in-app', () => {
    const member = { consents: { sms: true, inapp: true } };
    expect(judgeIntent(intent(), factsOf(member), settings, chinaAt('21:00:00'))).toEqual({ kind: 'hold', until: chinaAt('08:00:00', '2026-12-08') });
    expect(judgeIntent(intent(), factsOf(member), settings, chinaAt('20:59:59'))).toEqual({ kind: 'pass' });
    expect(judgeIntent(intent({ purpose: 'service' }), factsOf(member), settings, chinaAt('23:00:00'))).toEqual({ kind: 'pass' });
    expect(judgeIntent(intent({ channel: 'inapp' }), factsOf(member), settings, chinaAt('23:00:00'))).toEqual({ kind: 'pass' });
  });

  it('consent is checked before quiet hours, quiet hours before caps', () => {
    expect(judgeIntent(intent(), factsOf({}), settings, chinaAt('22:00:00'))).toEqual({ kind: 'skip', reason: 'no_consent' });
    const capped = { consents: { sms: true }, counts: { day: { sms: 5 }, week: { sms: 5 }, allDay: 5, allWeek: 5 } };
    expect(judgeIntent(intent(), factsOf(capped), settings, chinaAt('22:00:00')).kind).toBe('hold');
  });
});
