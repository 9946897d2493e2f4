import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorSchema, hasNoControlChars, idSchema, maskPhone } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { staff, staffTasks } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';

/**
 * Staff tasks (issue 15): the calls and WeCom messages a journey asks a person to make. Owners and operators
 * see every task; service staff see their own and the shared queue (unassigned). `mine=1`: only one's own.
 * Closing: the assignee, an owner, or anyone for an unassigned task (audited). The AI outbound call list
 * (open call tasks with full phone numbers) needs members:phone and is audited; its results come back
 * through the reach import (POST /api/admin/reach-imports).
 */

export const taskListQuerySchema = z.strictObject({
  status: z.enum(['open', 'done']).default('open'),
  mine: z.enum(['0', '1']).optional(),
  cursor: cursorSchema,
});
export const taskCloseBodySchema = z.strictObject({
  outcome: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((value) => hasNoControlChars(value, true), '不能含控制字符'),
});
export const staffWecomUserBodySchema = z.strictObject({
  wecomUserId: z
    .string()
    .regex(/^[0-9A-Za-z_\-.@]{1,64}$/, '企业微信账号（字母、数字、_-.@，最长 64 位）')
    .nullable(),
});

export interface StaffTaskView {
  id: number;
  member: { id: number; nickname: string; phoneMasked: string | null };
  kind: string;
  title: string;
  script: string;
  status: string;
  dueAt: string;
  assignee: { id: number; displayName: string } | null;
  journeyId: number | null;
  outcome: string | null;
  closedAt: string | null;
}

interface TaskRow {
  id: number | string;
  memberId: number;
  nickname: string;
  phoneCipher: string | null;
  kind: string;
  title: string;
  script: string;
  status: string;
  dueAt: Date | string;
  assigneeId: number | null;
  assigneeName: string | null;
  journeyId: number | null;
  outcome: string | null;
  closedAt: Date | string | null;
}

const PAGE = 50;
const iso = (value: Date | string): string => new Date(value).toISOString();

/** Owners and operators see all tasks; the other roles their own and the unassigned queue. */
function visibility(sc: ServiceContext, mine: boolean): SQL {
  const actor = requireStaffActor(sc);
  if (mine) return sql`t.assignee_id = ${actor.id}`;
  if (actor.role === 'owner' || actor.role === 'operator') return sql`true`;
  return sql`(t.assignee_id = ${actor.id} or t.assignee_id is null)`;
}

function viewOf(deps: AppDeps, row: TaskRow): StaffTaskView {
  return {
    id: Number(row.id),
    member: { id: row.memberId, nickname: row.nickname, phoneMasked: row.phoneCipher ? maskPhone(deps.phoneCrypto.decrypt(row.phoneCipher)) : null },
    kind: row.kind,
    title: row.title,
    script: row.script,
    status: row.status,
    dueAt: iso(row.dueAt),
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, displayName: row.assigneeName ?? '' },
    journeyId: row.journeyId,
    outcome: row.outcome,
    closedAt: row.closedAt === null ? null : iso(row.closedAt),
  };
}

/** GET /api/admin/tasks: open tasks by due time (then id); done ones newest closed first. */
export async function listStaffTasks(
  sc: ServiceContext,
  deps: AppDeps,
  query: z.output<typeof taskListQuerySchema>,
): Promise<{ items: StaffTaskView[]; nextCursor: string | null }> {
  const isOpen = query.status === 'open';
  let after = sql`true`;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, ['int8', 'int8'] as const);
    const atIso = new Date(at).toISOString();
    after = isOpen ? sql`(t.due_at, t.id) > (${atIso}::timestamptz, ${id})` : sql`(t.closed_at, t.id) < (${atIso}::timestamptz, ${id})`;
  }
  const rows = await queryRows<TaskRow>(
    sc.db,
    sql`select t.id, t.member_id as "memberId", m.nickname, m.phone_cipher as "phoneCipher", t.kind, t.title, t.script, t.status,
               t.due_at as "dueAt", t.assignee_id as "assigneeId", s.display_name as "assigneeName", t.journey_id as "journeyId",
               t.outcome, t.closed_at as "closedAt"
          from staff_tasks t
          join members m on m.id = t.member_id
          left join staff s on s.id = t.assignee_id
         where ${isOpen ? sql`t.status = 'open'` : sql`t.status <> 'open'`}
           and ${visibility(sc, query.mine === '1')}
           and ${after}
         order by ${isOpen ? sql`t.due_at asc, t.id asc` : sql`t.closed_at desc, t.id desc`}
         limit ${PAGE + 1}`,
  );
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > PAGE && last ? encodeCursor([new Date(isOpen ? last.dueAt : (last.closedAt ?? last.dueAt)).getTime(), Number(last.id)]) : null;
  return { items: page.map((row) => viewOf(deps, row)), nextCursor };
}

/** POST /api/admin/tasks/:id/close. */
export async function closeStaffTask(sc: ServiceContext, taskId: number, outcome: string): Promise<void> {
  const actor = requireStaffActor(sc);
  await inTransaction(sc, async (tx) => {
    const [task] = await tx.db.select().from(staffTasks).where(eq(staffTasks.id, taskId)).for('update');
    if (!task) throw new AppError('STAFF_TASK_NOT_FOUND');
    if (task.assigneeId !== null && task.assigneeId !== actor.id && actor.role !== 'owner') throw new AppError('STAFF_TASK_NOT_YOURS');
    if (task.status !== 'open') throw new AppError('STAFF_TASK_CLOSED');
    await tx.db.update(staffTasks).set({ status: 'done', outcome, closedAt: tx.now, closedBy: actor.id }).where(eq(staffTasks.id, taskId));
    await recordAudit(tx, {
      action: 'staff_task.close',
      targetType: 'staff_task',
      targetId: taskId,
      before: { status: task.status, assigneeId: task.assigneeId },
      after: { status: 'done', outcome },
    });
  });
}

const CSV_HEADER = ['task_id', 'member_id', 'name', 'phone', 'title', 'script', 'due_at'];

/** A CSV cell: quoted; a leading = + - @ (a spreadsheet formula) is neutralised with a quote mark. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * GET /api/admin/tasks/call-list.csv: the open call tasks of members with a phone, full numbers (for the AI
 * outbound call vendor), in the caller's visibility. Audited with the row count (never the numbers).
 */
export async function callListCsv(sc: ServiceContext, deps: AppDeps): Promise<string> {
  const rows = await queryRows<{
    id: number | string;
    memberId: number;
    nickname: string;
    phoneCipher: string;
    title: string;
    script: string;
    dueAt: Date | string;
  }>(
    sc.db,
    sql`select t.id, t.member_id as "memberId", m.nickname, m.phone_cipher as "phoneCipher", t.title, t.script, t.due_at as "dueAt"
          from staff_tasks t join members m on m.id = t.member_id
         where t.status = 'open' and t.kind = 'call' and m.phone_cipher is not null and ${visibility(sc, false)}
         order by t.due_at, t.id
         limit 50000`,
  );
  await recordAudit(sc, { action: 'staff_task.call_list_export', targetType: 'staff_task', targetId: null, after: { rows: rows.length } });
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [String(row.id), String(row.memberId), row.nickname, deps.phoneCrypto.decrypt(row.phoneCipher), row.title, row.script, iso(row.dueAt)]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** PUT /api/admin/staff/:id/wecom-user (staff:manage): the staff member's WeCom userid (their customers' tasks go to them). */
export async function setStaffWecomUser(sc: ServiceContext, staffId: number, wecomUserId: string | null): Promise<{ id: number; wecomUserId: string | null }> {
  idSchema.parse(staffId);
  await inTransaction(sc, async (tx) => {
    const [row] = await tx.db.select().from(staff).where(eq(staff.id, staffId)).for('update');
    if (!row) throw new AppError('STAFF_NOT_FOUND');
    if (wecomUserId !== null) {
      await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`staff-wecom-user:${wecomUserId}`}))`);
      const [taken] = await tx.db
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.wecomUserId, wecomUserId), sql`${staff.id} <> ${staffId}`))
        .limit(1);
      if (taken) throw new AppError('WECOM_USER_ID_TAKEN');
    }
    await tx.db.update(staff).set({ wecomUserId, updatedAt: tx.now }).where(eq(staff.id, staffId));
    await recordAudit(tx, {
      action: 'staff.wecom_user',
      targetType: 'staff',
      targetId: staffId,
      before: { wecomUserId: row.wecomUserId },
      after: { wecomUserId },
    });
  });
  return { id: staffId, wecomUserId };
}
