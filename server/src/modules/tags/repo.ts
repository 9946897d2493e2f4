import { asc, eq, sql } from 'drizzle-orm';
import type { SegmentDefinition, TagGroupView, TagKind, TagStatus, TagView } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { tagGroups, tags } from '../../db/schema';
import { queryRows } from '../../lib/sql';

export type TagRow = typeof tags.$inferSelect;
export type TagGroupRow = typeof tagGroups.$inferSelect;

/** The API view of a tag; a channel tag shows its channel's current name (a rename reaches the row lazily). */
export function toTagView(row: TagRow, members: number, channelName?: string | null): TagView {
  return {
    id: row.id,
    groupId: row.groupId,
    name: row.kind === 'channel' && channelName ? channelName : row.name,
    kind: row.kind as TagKind,
    description: row.description,
    color: row.color,
    rule: (row.rule as SegmentDefinition | null) ?? null,
    channelId: row.channelId,
    status: row.status as TagStatus,
    members,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Live member counts of the given tags (every tag when `tagIds` is null): one grouped query. */
export async function memberCounts(db: Executor, tagIds: number[] | null): Promise<Map<number, number>> {
  const scope = tagIds === null ? sql`` : sql`where tag_id = any(${`{${tagIds.join(',')}}`}::int[])`;
  const rows = await queryRows<{ tag_id: number; members: string | number }>(
    db,
    sql`select tag_id, count(*) as members from member_tags ${scope} group by tag_id`,
  );
  return new Map(rows.map((row) => [Number(row.tag_id), Number(row.members)]));
}

/** The current names of channels, for the channel tags of a listing. */
async function channelNames(db: Executor, rows: TagRow[]): Promise<Map<number, string>> {
  const ids = rows.flatMap((row) => (row.channelId === null ? [] : [row.channelId]));
  if (ids.length === 0) return new Map();
  const names = await queryRows<{ id: number; name: string }>(db, sql`select id, name from channels where id = any(${`{${ids.join(',')}}`}::int[])`);
  return new Map(names.map((row) => [Number(row.id), row.name]));
}

/** Views of tag rows with their member counts (one count query and one name query for all of them). */
export async function tagViews(db: Executor, rows: TagRow[], allCounts?: Map<number, number>): Promise<TagView[]> {
  const counts =
    allCounts ??
    (await memberCounts(
      db,
      rows.map((row) => row.id),
    ));
  const names = await channelNames(db, rows);
  return rows.map((row) => toTagView(row, counts.get(row.id) ?? 0, row.channelId === null ? null : names.get(row.channelId)));
}

/** Every group (by sort, then id) with its tags (by id), archived tags included. */
export async function listGroupViews(db: Executor): Promise<TagGroupView[]> {
  const groups = await db.select().from(tagGroups).orderBy(asc(tagGroups.sort), asc(tagGroups.id));
  const tagRows = await db.select().from(tags).orderBy(asc(tags.id));
  const views = await tagViews(db, tagRows, await memberCounts(db, null));
  return groups.map((group) => ({ id: group.id, name: group.name, sort: group.sort, tags: views.filter((tag) => tag.groupId === group.id) }));
}

export async function findGroup(db: Executor, id: number): Promise<TagGroupRow | undefined> {
  const [row] = await db.select().from(tagGroups).where(eq(tagGroups.id, id));
  return row;
}

export async function findTag(db: Executor, id: number): Promise<TagRow | undefined> {
  const [row] = await db.select().from(tags).where(eq(tags.id, id));
  return row;
}

/** The tag row locked for an update (archive, edit) or shared (adding members under it). */
export async function lockTag(db: Executor, id: number, strength: 'update' | 'share'): Promise<TagRow | undefined> {
  const [row] = await db.select().from(tags).where(eq(tags.id, id)).for(strength);
  return row;
}

/** The ids among `ids` that name no member. */
export async function unknownMemberIds(db: Executor, ids: number[]): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select x.id from unnest(${`{${ids.join(',')}}`}::int[]) as x(id) where not exists (select 1 from members m where m.id = x.id) order by x.id`,
  );
  return rows.map((row) => Number(row.id));
}

/** Tags the members (already deduplicated, all existing): one statement; returns how many were new. */
export async function insertMemberTags(
  db: Executor,
  tagId: number,
  memberIds: number[],
  source: 'manual' | 'import',
  staffId: number,
  now: Date,
): Promise<number> {
  if (memberIds.length === 0) return 0;
  const rows = await queryRows<{ member_id: number }>(
    db,
    sql`insert into member_tags (member_id, tag_id, source, staff_id, created_at)
      select x.id, ${tagId}, ${source}, ${staffId}, ${now.toISOString()}::timestamptz from unnest(${`{${memberIds.join(',')}}`}::int[]) as x(id)
      on conflict (member_id, tag_id) do nothing returning member_id`,
  );
  return rows.length;
}

/** Untags the members: one statement; returns how many carried the tag. */
export async function deleteMemberTags(db: Executor, tagId: number, memberIds: number[] | null): Promise<number> {
  const scope = memberIds === null ? sql`` : sql`and member_id = any(${`{${memberIds.join(',')}}`}::int[])`;
  const rows = await queryRows<{ member_id: number }>(db, sql`delete from member_tags where tag_id = ${tagId} ${scope} returning member_id`);
  return rows.length;
}
