import { sql } from 'drizzle-orm';
import type { SegmentDefinition } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { compileSegment } from '../segments';

/**
 * Applies one rule tag to every member right away (a rule tag was created or its rule changed): the
 * rule-given rows that no longer match go, the members that match get the tag (set-based, two statements).
 * The rule-tags consumer keeps it current afterwards; rows from other sources are left alone.
 */
export async function applyRuleTag(db: Executor, tagId: number, rule: SegmentDefinition, now: Date): Promise<void> {
  const where = compileSegment(rule, now);
  await db.execute(sql`delete from member_tags mt where mt.tag_id = ${tagId} and mt.source = 'rule'
    and not exists (select 1 from members m left join member_facts f on f.member_id = m.id where m.id = mt.member_id and ${where})`);
  await db.execute(sql`insert into member_tags (member_id, tag_id, source, created_at)
    select m.id, ${tagId}, 'rule', ${now.toISOString()}::timestamptz from members m left join member_facts f on f.member_id = m.id
    where ${where}
    on conflict (member_id, tag_id) do nothing`);
}
