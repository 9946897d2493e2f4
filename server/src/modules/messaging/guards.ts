import { sql } from 'drizzle-orm';
import type { MessageChannel, MessagePurpose, MessagingSettings, SkipReason } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { consentDefault } from './consent';

/**
 * The guards, checked when an intent is claimed for sending (never at entry): a consent withdrawn, the PIPL
 * switch turned off or a number suppressed after the intent was written still stops it. Pure functions over
 * the facts of one batch, which `loadGuardFacts` reads in a few set-based queries.
 *
 * Consent defaults (member_consents has no row for the channel): in-app is granted — the 消息 center is the
 * shop's own space the member opens, nothing is pushed; SMS, WeCom and subscribe are NOT granted unless a row
 * says granted (the CRM seed writes no consents; the schema's "no row: not granted"). 'personalized' is on
 * unless a row says granted=false (PIPL art. 24 is an opt-out).
 *
 * Quiet hours hold marketing on the pushed channels (sms, wecom, subscribe); in-app messages are not pushed
 * (no notification), so they are not held.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** What the guards look at of one intent. */
export interface GuardIntent {
  memberId: number;
  channel: MessageChannel;
  purpose: MessagePurpose;
  journeyId: number | null;
  campaignId: number | null;
}

/** Sends counted towards the caps: per channel and all channels, in the China day and the last 7 days. */
export interface CapCounts {
  day: Partial<Record<MessageChannel, number>>;
  week: Partial<Record<MessageChannel, number>>;
  allDay: number;
  allWeek: number;
}

/** What the guards know of one member at send time. */
export interface MemberFacts {
  present: boolean;
  /** member_consents rows by channel (sms, wecom, subscribe, inapp, personalized). */
  consents: Partial<Record<MessageChannel | 'personalized', boolean>>;
  suppressed: boolean;
  counts: CapCounts;
}

export interface GuardFacts {
  members: Map<number, MemberFacts>;
  /** Campaign ids that broadcast to everyone (no segment): the PIPL switch does not take members out of them. */
  broadcastCampaigns: Set<number>;
}

export type GuardVerdict = { kind: 'pass' } | { kind: 'skip'; reason: SkipReason } | { kind: 'hold'; until: Date };

const PUSHED_CHANNELS: ReadonlySet<MessageChannel> = new Set(['sms', 'wecom', 'subscribe']);

const emptyCounts = (): CapCounts => ({ day: {}, week: {}, allDay: 0, allWeek: 0 });

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The start of the China-time day of `at`. */
export function chinaDayStart(at: Date): Date {
  const shifted = at.getTime() + CHINA_OFFSET_MS;
  return new Date(shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - CHINA_OFFSET_MS);
}

/**
 * When the quiet window [quietStart, quietEnd) (China time) around `now` ends, or null when `now` is outside it.
 * A window crossing midnight (21:00–08:00) ends at the next 08:00; equal start and end means no quiet hours.
 * Minutes are compared floored: 20:59:59 is outside a 21:00 start, 07:59:59 inside an 08:00 end.
 */
export function quietHoursEnd(now: Date, quietStart: string, quietEnd: string): Date | null {
  const start = minutesOf(quietStart);
  const end = minutesOf(quietEnd);
  if (start === end) return null;
  const dayStart = chinaDayStart(now);
  const minute = Math.floor((now.getTime() - dayStart.getTime()) / 60_000);
  const endToday = new Date(dayStart.getTime() + end * 60_000);
  if (start < end) return minute >= start && minute < end ? endToday : null;
  if (minute >= start) return new Date(endToday.getTime() + DAY_MS);
  if (minute < end) return endToday;
  return null;
}

/** Whether the PIPL switch applies: every automated marketing intent except a campaign broadcast to everyone. */
function isPersonalized(intent: GuardIntent, facts: GuardFacts): boolean {
  return !(intent.campaignId !== null && intent.journeyId === null && facts.broadcastCampaigns.has(intent.campaignId));
}

function consentGranted(intent: GuardIntent, member: MemberFacts): boolean {
  return member.consents[intent.channel] ?? consentDefault(intent.channel);
}

function capVerdict(intent: GuardIntent, counts: CapCounts, settings: MessagingSettings): SkipReason | null {
  const channelCap = settings.caps[intent.channel];
  if ((counts.day[intent.channel] ?? 0) >= channelCap.perDay) return 'cap_day';
  if ((counts.week[intent.channel] ?? 0) >= channelCap.perWeek) return 'cap_week';
  if (counts.allDay >= settings.caps.all.perDay) return 'cap_all_day';
  if (counts.allWeek >= settings.caps.all.perWeek) return 'cap_all_week';
  return null;
}

/**
 * The verdict on one intent. Service messages only need the member; marketing ones pass, in order, the PIPL
 * switch, the channel's consent, SMS suppression, quiet hours (a hold, not a skip) and the caps.
 */
export function judgeIntent(intent: GuardIntent, facts: GuardFacts, settings: MessagingSettings, now: Date): GuardVerdict {
  const member = facts.members.get(intent.memberId);
  if (!member?.present) return { kind: 'skip', reason: 'member_gone' };
  if (intent.purpose === 'service') return { kind: 'pass' };
  if (member.consents.personalized === false && isPersonalized(intent, facts)) return { kind: 'skip', reason: 'personalization_off' };
  if (!consentGranted(intent, member)) return { kind: 'skip', reason: 'no_consent' };
  if (intent.channel === 'sms' && member.suppressed) return { kind: 'skip', reason: 'suppressed' };
  if (PUSHED_CHANNELS.has(intent.channel)) {
    const until = quietHoursEnd(now, settings.quietStart, settings.quietEnd);
    if (until) return { kind: 'hold', until };
  }
  const cap = capVerdict(intent, member.counts, settings);
  return cap ? { kind: 'skip', reason: cap } : { kind: 'pass' };
}

/** Counts a marketing send that passed in this batch, so the next intent of the same member sees it. */
export function countSend(facts: GuardFacts, intent: GuardIntent): void {
  const member = facts.members.get(intent.memberId);
  if (!member || intent.purpose !== 'marketing') return;
  const { counts } = member;
  counts.day[intent.channel] = (counts.day[intent.channel] ?? 0) + 1;
  counts.week[intent.channel] = (counts.week[intent.channel] ?? 0) + 1;
  counts.allDay += 1;
  counts.allWeek += 1;
}

/**
 * Judges a batch in order (intents of one member count against each other's caps). The caller holds the
 * members' messaging locks, so counts read in `facts` cannot race another worker.
 */
export function judgeBatch<T extends GuardIntent>(
  intents: readonly T[],
  facts: GuardFacts,
  settings: MessagingSettings,
  now: Date,
): { intent: T; verdict: GuardVerdict }[] {
  return intents.map((intent) => {
    const verdict = judgeIntent(intent, facts, settings, now);
    if (verdict.kind === 'pass') countSend(facts, intent);
    return { intent, verdict };
  });
}

interface FactRow {
  member_id: number;
  present: boolean;
  consents: Record<string, boolean> | null;
  phone_hash: string | null;
}

interface CountRow {
  member_id: number;
  channel: MessageChannel;
  day: string | number;
  week: string | number;
}

let suppressionTableKnown = false;

async function hasSuppressionTable(db: Executor): Promise<boolean> {
  if (suppressionTableKnown) return true;
  const [row] = await queryRows<{ present: boolean }>(db, sql`select to_regclass('public.sms_suppressions') is not null as present`);
  suppressionTableKnown = row?.present === true;
  return suppressionTableKnown;
}

/**
 * Reads what the guards need for a batch: members, their consents, SMS suppressions and the marketing sends
 * counted against the caps (sent — or in flight: sending, waiting — in the China day / the last 7 days).
 */
export async function loadGuardFacts(db: Executor, intents: readonly GuardIntent[], now: Date): Promise<GuardFacts> {
  const memberIds = [...new Set(intents.map((intent) => intent.memberId))];
  const campaignIds = [...new Set(intents.flatMap((intent) => (intent.campaignId === null ? [] : [intent.campaignId])))];
  const facts: GuardFacts = { members: new Map(), broadcastCampaigns: new Set() };
  if (memberIds.length === 0) return facts;
  const idList = sql`${`{${memberIds.join(',')}}`}::int[]`;
  const rows = await queryRows<FactRow>(
    db,
    sql`select ids.member_id::int as member_id, m.id is not null as present, m.phone_hash,
          (select jsonb_object_agg(c.channel, c.granted) from member_consents c where c.member_id = ids.member_id) as consents
        from unnest(${idList}) as ids(member_id)
        left join members m on m.id = ids.member_id`,
  );
  const weekStart = new Date(now.getTime() - WEEK_MS);
  const dayStart = chinaDayStart(now);
  // sent_at is set when an intent is claimed for sending and cleared if it does not go out, so one range
  // scan of (member_id, sent_at) counts both the sent and those in flight on other workers.
  const counts = await queryRows<CountRow>(
    db,
    sql`select member_id, channel,
          count(*) filter (where sent_at >= ${dayStart.toISOString()}::timestamptz) as day,
          count(*) as week
        from message_intents
        where member_id = any(${idList}) and sent_at >= ${weekStart.toISOString()}::timestamptz
          and purpose = 'marketing' and status in ('sending','waiting','sent','delivered')
        group by member_id, channel`,
  );
  const suppressed = new Set<number>();
  const smsMembers = new Set(intents.filter((intent) => intent.channel === 'sms' && intent.purpose === 'marketing').map((intent) => intent.memberId));
  if (smsMembers.size > 0 && (await hasSuppressionTable(db))) {
    const hashes = rows.filter((row) => smsMembers.has(row.member_id) && row.phone_hash).map((row) => row.phone_hash as string);
    const smsIds = sql`${`{${[...smsMembers].join(',')}}`}::int[]`;
    const found = await queryRows<{ phone_hash: string | null; member_id: number | null }>(
      db,
      sql`select phone_hash, member_id from sms_suppressions where member_id = any(${smsIds}) or phone_hash = any(${`{${hashes.map((hash) => `"${hash}"`).join(',')}}`}::text[])`,
    );
    const hashToMember = new Map(rows.map((row) => [row.phone_hash, row.member_id]));
    for (const row of found) {
      if (row.member_id !== null) suppressed.add(Number(row.member_id));
      const byHash = row.phone_hash === null ? undefined : hashToMember.get(row.phone_hash);
      if (byHash !== undefined) suppressed.add(byHash);
    }
  }
  for (const row of rows) {
    facts.members.set(Number(row.member_id), {
      present: row.present,
      consents: row.consents ?? {},
      suppressed: suppressed.has(Number(row.member_id)),
      counts: emptyCounts(),
    });
  }
  for (const row of counts) {
    const member = facts.members.get(Number(row.member_id));
    if (!member) continue;
    member.counts.day[row.channel] = Number(row.day);
    member.counts.week[row.channel] = Number(row.week);
    member.counts.allDay += Number(row.day);
    member.counts.allWeek += Number(row.week);
  }
  if (campaignIds.length > 0) {
    const broadcast = await queryRows<{ id: number }>(
      db,
      sql`select id from campaigns where id = any(${`{${campaignIds.join(',')}}`}::int[]) and segment_id is null and kind = 'broadcast'`,
    );
    for (const row of broadcast) facts.broadcastCampaigns.add(Number(row.id));
  }
  return facts;
}

/**
 * Serialises the guard decisions of one member across workers (caps must not race): a transaction-scoped
 * advisory lock per member, taken in id order so two workers never wait on each other in a cycle.
 */
export async function lockMembersForGuards(db: Executor, memberIds: readonly number[]): Promise<void> {
  const sorted = [...new Set(memberIds)].sort((a, b) => a - b);
  if (sorted.length === 0) return;
  await db.execute(
    sql`select pg_advisory_xact_lock(${MESSAGING_LOCK_SPACE}::int, ids.id) from unnest(${`{${sorted.join(',')}}`}::int[]) with ordinality as ids(id, n) order by ids.n`,
  );
}

/** The advisory-lock key space of messaging guards (first half of the two-int key). */
const MESSAGING_LOCK_SPACE = 15_001;
