import { sql, type SQL } from 'drizzle-orm';
import { segmentDefinitionSchema, type SegmentDefinition } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import type { EventConsumer } from '../events/consumers';
import type { DomainEventType } from '../events/types';
import { membersOfEvents } from '../member-facts/consumer';
import { compileSegment } from './compile';

const ID_CHUNK = 5000;

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** One rule tag, for the members in `ids` (null: all): delete what no longer matches, insert what now does. */
async function applyOne(db: Executor, tagId: number, where: SQL, ids: number[] | null, now: Date): Promise<void> {
  const list =
    ids === null
      ? null
      : sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        );
  const deleteScope = list === null ? sql`` : sql` and mt.member_id in (${list})`;
  const insertScope = list === null ? sql`` : sql` and m.id in (${list})`;
  await db.execute(sql`
    delete from member_tags mt
    where mt.tag_id = ${tagId} and mt.source = 'rule'${deleteScope}
      and not exists (select 1 from members m left join member_facts f on f.member_id = m.id where m.id = mt.member_id and ${where})`);
  await db.execute(sql`
    insert into member_tags (member_id, tag_id, source, created_at)
    select m.id, ${tagId}, 'rule', ${now} from members m left join member_facts f on f.member_id = m.id
    where ${where}${insertScope}
    on conflict (member_id, tag_id) do nothing`);
}

/**
 * Sets one rule tag to exactly the members its definition matches now (set-based, two statements per
 * chunk of members). `memberIds` restricts the work to those members; null: everyone (a rule tag was
 * created or its rule changed, or the nightly). Rows from other sources are left alone.
 */
export async function applyRuleTag(db: Executor, tagId: number, rule: SegmentDefinition, memberIds: readonly number[] | null, now: Date): Promise<void> {
  const where = compileSegment(rule, now);
  if (memberIds === null) {
    await applyOne(db, tagId, where, null, now);
    return;
  }
  const ids = [...new Set(memberIds)].sort((a, b) => a - b);
  for (const part of chunks(ids, ID_CHUNK)) await applyOne(db, tagId, where, part, now);
}

/**
 * Sets every active rule tag (tags.kind = 'rule') to exactly the members its definition matches now:
 * inserts the missing ones, deletes the rule-given ones that no longer match (set-based, two statements
 * per tag). `memberIds` restricts the work to those members (the consumer); null: everyone (nightly).
 * A member who carries the tag from another source keeps that row. A rule that no longer parses is skipped.
 */
export async function applyRuleTags(
  db: Executor,
  memberIds: readonly number[] | null,
  now: Date,
  options: { namingTags?: readonly number[] | 'any'; liveOnly?: boolean } = {},
): Promise<void> {
  const rules = await queryRows<{ id: number; rule: unknown }>(
    db,
    sql`select id, rule from tags where kind = 'rule' and status = 'active' and rule is not null order by id`,
  );
  if (rules.length === 0) return;
  const ids = memberIds === null ? null : [...new Set(memberIds)].sort((a, b) => a - b);
  if (ids !== null && ids.length === 0) return;
  for (const rule of rules) {
    const parsed = segmentDefinitionSchema.safeParse(rule.rule);
    if (!parsed.success) continue;
    if (options.namingTags !== undefined && !namesTags(parsed.data, options.namingTags)) continue;
    if (options.liveOnly && !readsLiveData(parsed.data)) continue;
    await applyRuleTag(db, Number(rule.id), parsed.data, ids, now);
  }
}

/** Facts compiled against the clock (days since …) or read from their live tables (points), not from an event-kept row. */
const LIVE_FACTS: ReadonlySet<string> = new Set(['daysSinceLastOrder', 'daysSinceFirstOrder', 'daysSinceRegistered', 'daysSinceLastActive', 'pointsBalance']);

/**
 * Whether a rule reads data that moves without a member event: the clock (days since, within N days, birthday
 * month) or tables no event names (points balance, coupons held or used, birthday, phone). Such rule tags are refreshed hourly
 * (jobs/rule-tags-hourly.ts) besides the nightly rebuild; the rest follow their events at once.
 */
export function readsLiveData(rule: SegmentDefinition): boolean {
  return rule.groups.some((group) =>
    group.conditions.some((condition) => {
      switch (condition.type) {
        case 'fact':
          return LIVE_FACTS.has(condition.fact);
        case 'bought':
        case 'viewedNotBought':
        case 'couponHeld':
        case 'couponUsed':
        case 'birthdayMonth':
        case 'hasPhone':
          return true;
        default:
          return false;
      }
    }),
  );
}

/** Whether a rule has a tag condition naming one of `tagIds` ('any': any tag condition). */
function namesTags(rule: SegmentDefinition, tagIds: readonly number[] | 'any'): boolean {
  return rule.groups.some((group) =>
    group.conditions.some((condition) => condition.type === 'tag' && (tagIds === 'any' || condition.tagIds.some((id) => tagIds.includes(id)))),
  );
}

/**
 * A manual or channel tag changed hands (staff added, removed or imported members, archived the tag, or a
 * member's channel tag moved): the rule tags naming it follow at once, in the same transaction, for those
 * members (null: everyone). Rule tags cannot name rule tags, so nothing chains.
 */
export async function applyRuleTagsNaming(db: Executor, tagIds: readonly number[] | 'any', memberIds: readonly number[] | null, now: Date): Promise<void> {
  await applyRuleTags(db, memberIds, now, { namingTags: tagIds });
}

/** The member-facts consumer's events (after which facts, and so rule tags, may have changed) and lifecycle changes. */
export const RULE_TAG_EVENT_TYPES: readonly DomainEventType[] = [
  'member.registered',
  'touches.recorded',
  'order.paid',
  'order.cancelled',
  'order.completed',
  'refund.succeeded',
  'member.attributed',
  'member.tier_changed',
  'member.address_changed',
  'member.lifecycle_changed',
  'behaviour.recorded',
  'member.consent_changed',
];

/** Re-evaluates the rule tags of the members the events name (after the member-facts consumer). */
export const ruleTagsConsumer: EventConsumer = {
  name: 'rule-tags',
  types: RULE_TAG_EVENT_TYPES,
  async handle(db, events, { now }) {
    // The same members the facts consumer refreshed: named directly, through their orders or their touches.
    await applyRuleTags(db, await membersOfEvents(db, events), now);
  },
};
