import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
// From the files, not the index: the events registry imports this module (no import cycle).
import type { EventConsumer } from '../events/consumers';
import { applyRuleTagsNaming } from '../segments/rule-tags';

/** The group every channel tag lives in, created on first need. */
export const CHANNEL_TAG_GROUP = '渠道';

/**
 * A channel tag's name: the channel's, or with the channel id added when another channel or another tag of
 * the group already has that name (the name is unique per group).
 */
const channelTagName = sql`case when exists (select 1 from channels c2 where c2.name = c.name and c2.id <> c.id)
      or exists (select 1 from tags o where o.group_id = g.id and o.name = c.name and o.channel_id is distinct from c.id)
    then c.name || '（' || c.id || '）' else c.name end`;

/** The group's id (the group is created when missing; safe under concurrent callers). */
async function channelGroupId(db: Executor, now: Date): Promise<number> {
  await db.execute(sql`insert into tag_groups (name, sort, created_at) values (${CHANNEL_TAG_GROUP}, 0, ${now.toISOString()}::timestamptz)
    on conflict (name) do nothing`);
  const [group] = await queryRows<{ id: number }>(db, sql`select id from tag_groups where name = ${CHANNEL_TAG_GROUP}`);
  if (!group) throw new Error('channel tag group missing');
  return Number(group.id);
}

/** Channel tags whose channel was renamed take its new name (a few rows: one tag per channel). */
async function renameChannelTags(db: Executor, now: Date): Promise<void> {
  await db.execute(sql`update tags t set name = ${channelTagName}, updated_at = ${now.toISOString()}::timestamptz
    from channels c, tag_groups g
    where t.channel_id = c.id and g.id = t.group_id and t.kind = 'channel' and t.name <> ${channelTagName}`);
}

/**
 * Makes the members' channel tags follow their acquisition channel (member_attribution.channel_id), set-based:
 * creates the tag of every channel they need, renames channel tags whose channel was renamed, removes every
 * other channel tag, adds the right one. `memberIds` null: every member (the backfill). Idempotent.
 */
export async function syncChannelTags(db: Executor, memberIds: number[] | null, now: Date): Promise<void> {
  const inScope = (column: SQL): SQL => (memberIds === null ? sql`true` : sql`${column} = any(${`{${memberIds.join(',')}}`}::int[])`);
  const at = now.toISOString();
  const groupId = await channelGroupId(db, now);
  await db.execute(sql`insert into tags (group_id, name, kind, channel_id, created_at, updated_at)
    select g.id, ${channelTagName}, 'channel', c.id, ${at}::timestamptz, ${at}::timestamptz
    from channels c, tag_groups g
    where g.id = ${groupId} and c.id in (select distinct ma.channel_id from member_attribution ma where ma.channel_id is not null and ${inScope(sql`ma.member_id`)})
      and not exists (select 1 from tags t where t.channel_id = c.id)
    on conflict (channel_id) do nothing`);
  await renameChannelTags(db, now);
  await db.execute(sql`delete from member_tags mt using tags t
    where mt.tag_id = t.id and t.kind = 'channel' and ${inScope(sql`mt.member_id`)}
      and t.channel_id is distinct from (select ma.channel_id from member_attribution ma where ma.member_id = mt.member_id)`);
  await db.execute(sql`insert into member_tags (member_id, tag_id, source, created_at)
    select ma.member_id, t.id, 'channel', ${at}::timestamptz
    from member_attribution ma join tags t on t.channel_id = ma.channel_id and t.kind = 'channel'
    where ${inScope(sql`ma.member_id`)}
    on conflict (member_id, tag_id) do nothing`);
}

/**
 * Channel tags (`channel-tags`): on member.attributed the member carries exactly one channel tag, its
 * acquisition channel's, read from member_attribution (the current answer, so a replayed old event is harmless).
 */
export const channelTagsConsumer: EventConsumer = {
  name: 'channel-tags',
  types: ['member.attributed'],
  async handle(db, events, { now }) {
    const memberIds = [...new Set(events.flatMap((event) => (event.memberId === null ? [] : [event.memberId])))];
    if (memberIds.length === 0) return;
    await syncChannelTags(db, memberIds, now);
    // Rule tags over tags (a channel tag among them) follow the moved channel tag at once.
    await applyRuleTagsNaming(db, 'any', memberIds, now);
  },
};

/**
 * Channel tags for every member attributed before the consumer existed (and the names of renamed channels).
 * Idempotent.
 */
export async function backfillChannelTags(db: Db, now: Date = new Date()): Promise<void> {
  await db.transaction((tx) => syncChannelTags(tx, null, now));
}

const CHANNEL_TAGS_MARKER = 'channel_tags_backfilled';

/**
 * At start: the full backfill once per database (an app_meta marker, set in the same transaction); later
 * starts only rename the tags of renamed channels, instead of re-syncing every attributed member each time.
 */
export async function ensureChannelTagsBuilt(db: Db, now: Date = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [first] = await queryRows<{ key: string }>(
      tx,
      sql`insert into app_meta (key, value) values (${CHANNEL_TAGS_MARKER}, 'true'::jsonb) on conflict (key) do nothing returning key`,
    );
    if (first) await syncChannelTags(tx, null, now);
    else await renameChannelTags(tx, now);
  });
}
