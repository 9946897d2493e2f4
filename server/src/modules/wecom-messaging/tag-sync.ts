import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { wecomContactTags, wecomCorpTags, wecomTagSyncState } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { WecomApiError, type WecomCorpTagGroup } from '../../wecom/client';

/**
 * Corp-tag sync (messaging-protocols.md §1.7): our active tags carried by members with a live WeCom contact
 * become WeCom corp tags (group = our tag group's name, tag = our tag's name, both ≤ 30 characters; made with
 * add_corp_tag when missing, mapped in wecom_corp_tags) and are marked on the contact through its follow user
 * with mark_tag. wecom_contact_tags holds what the last sync marked: only the difference from it is sent
 * (marks for new assignments, unmarks for removed ones), so a second run with no change calls nothing.
 * Idempotent; one run at a time per database (a lease on wecom_tag_sync_state). API changes emit no callback.
 */
const STATE_ID = 1;
/** A run holds the lease this long (a crashed run's lease lapses). */
const LEASE_MS = 5 * 60_000;
const NAME_MAX = 30;

export interface TagSyncResult {
  ran: boolean;
  createdTags: number;
  marked: number;
  unmarked: number;
  failedContacts: number;
}

const clip = (name: string): string => [...name.trim()].slice(0, NAME_MAX).join('') || '-';

interface Wanted {
  externalUserId: string;
  userId: string;
  memberId: number;
  tagId: number;
  tagName: string;
  groupName: string;
}

/** Takes the run lease (last_error = 'running' until the run ends): false while another run holds it. */
async function claim(deps: AppDeps, now: Date, force: boolean): Promise<boolean> {
  await deps.db.insert(wecomTagSyncState).values({ id: STATE_ID }).onConflictDoNothing();
  const rows = await queryRows<{ id: number }>(
    deps.db,
    sql`update wecom_tag_sync_state set last_run_at = ${now.toISOString()}::timestamptz, last_error = 'running'
        where id = ${STATE_ID}
          and (${force} or last_error is distinct from 'running' or last_run_at < ${new Date(now.getTime() - LEASE_MS).toISOString()}::timestamptz)
        returning id`,
  );
  return rows.length > 0;
}

/** Our tag ids → WeCom tag ids, creating the missing corp tags (found by group and name first: a re-run after a crash adds none twice). */
async function ensureCorpTags(deps: AppDeps, wanted: Wanted[]): Promise<{ map: Map<number, string>; created: number }> {
  const client = deps.wecom;
  const map = new Map<number, string>();
  const tagIds = [...new Set(wanted.map((row) => row.tagId))];
  if (!client || tagIds.length === 0) return { map, created: 0 };
  const mapped = await deps.db.select().from(wecomCorpTags).where(inArray(wecomCorpTags.tagId, tagIds));
  for (const row of mapped) map.set(row.tagId, row.wecomTagId);
  const missing = new Map<number, Wanted>();
  for (const row of wanted) if (!map.has(row.tagId)) missing.set(row.tagId, row);
  if (missing.size === 0) return { map, created: 0 };
  let groups: WecomCorpTagGroup[] = await client.getCorpTagList();
  let created = 0;
  for (const row of missing.values()) {
    const groupName = clip(row.groupName);
    const tagName = clip(row.tagName);
    const group = groups.find((g) => g.groupName === groupName);
    let wecomTag = group?.tags.find((tag) => tag.name === tagName);
    if (!wecomTag) {
      const made = await client.addCorpTag(group ? { groupId: group.groupId, tags: [tagName] } : { groupName, tags: [tagName] });
      created += 1;
      wecomTag = made.tags.find((tag) => tag.name === tagName);
      groups = group ? groups.map((g) => (g.groupId === made.groupId ? { ...g, tags: [...g.tags, ...made.tags] } : g)) : [...groups, made];
    }
    if (!wecomTag) continue;
    const groupId = groups.find((g) => g.tags.some((tag) => tag.id === wecomTag?.id))?.groupId ?? '';
    await deps.db.insert(wecomCorpTags).values({ tagId: row.tagId, wecomTagId: wecomTag.id, wecomGroupId: groupId }).onConflictDoNothing();
    map.set(row.tagId, wecomTag.id);
  }
  return { map, created };
}

export async function syncCorpTags(deps: AppDeps, options: { force?: boolean } = {}): Promise<TagSyncResult> {
  const result: TagSyncResult = { ran: false, createdTags: 0, marked: 0, unmarked: 0, failedContacts: 0 };
  const client = deps.wecom;
  if (!client) return result;
  const now = deps.now();
  if (!(await claim(deps, now, options.force ?? false))) return result;
  result.ran = true;
  let lastError = 'done';
  try {
    const wanted = await queryRows<Wanted & { memberId: number; tagId: number }>(
      deps.db,
      sql`select c.external_user_id as "externalUserId", c.follow_user_id as "userId", mt.member_id as "memberId",
                 mt.tag_id as "tagId", t.name as "tagName", g.name as "groupName"
            from member_tags mt
            join tags t on t.id = mt.tag_id and t.status = 'active'
            join tag_groups g on g.id = t.group_id
            join wecom_contacts c on c.member_id = mt.member_id and c.deleted_at is null and c.follow_user_id is not null`,
    );
    const current = await deps.db.select().from(wecomContactTags);
    const { map, created } = await ensureCorpTags(deps, wanted);
    result.createdTags = created;
    const key = (externalUserId: string, tagId: number) => `${externalUserId}\u0000${tagId}`;
    const wantedKeys = new Set(wanted.filter((row) => map.has(row.tagId)).map((row) => key(row.externalUserId, row.tagId)));
    const currentKeys = new Set(current.map((row) => key(row.externalUserId, row.tagId)));
    const mappedAll = new Map((await deps.db.select().from(wecomCorpTags)).map((row) => [row.tagId, row.wecomTagId]));
    // Per contact (and follow user): the tags to mark and to unmark.
    const changes = new Map<string, { externalUserId: string; userId: string; memberId: number | null; add: number[]; remove: number[] }>();
    const changeOf = (externalUserId: string, userId: string, memberId: number | null) => {
      const id = `${externalUserId}\u0000${userId}`;
      const change = changes.get(id) ?? { externalUserId, userId, memberId, add: [], remove: [] };
      changes.set(id, change);
      return change;
    };
    for (const row of wanted) {
      if (map.has(row.tagId) && !currentKeys.has(key(row.externalUserId, row.tagId)))
        changeOf(row.externalUserId, row.userId, row.memberId).add.push(row.tagId);
    }
    for (const row of current) {
      if (!wantedKeys.has(key(row.externalUserId, row.tagId))) changeOf(row.externalUserId, row.userId, row.memberId).remove.push(row.tagId);
    }
    for (const change of changes.values()) {
      const add = [...new Set(change.add)];
      const remove = change.remove.filter((tagId) => mappedAll.has(tagId));
      try {
        if (add.length + remove.length > 0) {
          await client.markTag({
            userid: change.userId,
            externalUserId: change.externalUserId,
            add: add.map((tagId) => map.get(tagId) ?? ''),
            remove: remove.map((tagId) => mappedAll.get(tagId) ?? ''),
          });
        }
      } catch (error) {
        // 84061 / 40096: the contact is gone (its rows are dropped below only for removals); others: tried next run.
        const isGone = error instanceof WecomApiError && (error.errcode === 84061 || error.errcode === 40096);
        if (!isGone) {
          result.failedContacts += 1;
          deps.logger.warn({ err: error instanceof Error ? error.message : error, externalUserId: change.externalUserId }, 'wecom: mark_tag failed');
          continue;
        }
        if (add.length > 0) {
          result.failedContacts += 1;
          continue;
        }
      }
      if (add.length > 0) {
        await deps.db
          .insert(wecomContactTags)
          .values(add.map((tagId) => ({ externalUserId: change.externalUserId, tagId, userId: change.userId, memberId: change.memberId, markedAt: now })))
          .onConflictDoNothing();
      }
      if (change.remove.length > 0) {
        await deps.db
          .delete(wecomContactTags)
          .where(and(eq(wecomContactTags.externalUserId, change.externalUserId), inArray(wecomContactTags.tagId, change.remove)));
      }
      result.marked += add.length;
      result.unmarked += change.remove.length;
    }
  } catch (error) {
    lastError = error instanceof Error ? error.message.slice(0, 200) : 'failed';
    deps.logger.warn({ err: lastError }, 'wecom: corp-tag sync failed');
  }
  await deps.db
    .update(wecomTagSyncState)
    .set({
      lastError,
      marked: result.marked,
      unmarked: result.unmarked,
      watermark: sql`(select max(created_at) from member_tags)`,
    })
    .where(eq(wecomTagSyncState.id, STATE_ID));
  return result;
}

/** Runs the sync every `intervalMs` (default 5 minutes) until stopped. */
export function startTagSync(deps: AppDeps, intervalMs = 5 * 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = syncCorpTags(deps).catch((error: unknown) => deps.logger.warn({ err: error }, 'wecom: corp-tag sync failed'));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
