import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';

export type StaffTaskKind = 'call' | 'wecom_message' | 'follow_up';

export interface NewStaffTask {
  memberId: number;
  kind: StaffTaskKind;
  title: string;
  script: string;
  dueAt: Date;
  /** Unique per task (`journey:<enrollment>:<step>:<visit>`): a replay creates nothing. */
  sourceKey: string;
  journeyId: number | null;
}

/**
 * Creates a staff task for a member (the journey engine's task step). The assignee is the staff member whose
 * wecom_user_id is the member's WeCom follow user (latest live contact); none → the shared queue (null).
 * ON CONFLICT (source_key) DO NOTHING: answers the new task's id, or null when the key already had one.
 * Runs inside the caller's transaction when given one.
 */
export async function createStaffTask(db: Executor, task: NewStaffTask): Promise<number | null> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`
      with owner as (
        select c.follow_user_id as wecom_user_id
          from wecom_contacts c
         where c.member_id = ${task.memberId} and c.deleted_at is null and c.follow_user_id is not null
         order by c.added_at desc
         limit 1
      )
      insert into staff_tasks (member_id, assignee_id, wecom_user_id, kind, title, script, due_at, source_key, journey_id)
      select ${task.memberId},
             (select s.id from staff s, owner o where s.wecom_user_id = o.wecom_user_id and not s.is_disabled order by s.id limit 1),
             (select o.wecom_user_id from owner o),
             ${task.kind}, ${task.title}, ${task.script}, ${task.dueAt.toISOString()}::timestamptz, ${task.sourceKey}, ${task.journeyId}
      on conflict (source_key) do nothing
      returning id`,
  );
  const id = rows[0]?.id;
  return id === undefined ? null : Number(id);
}
