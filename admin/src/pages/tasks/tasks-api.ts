import { api, send } from '../../api/client';

/** 任务 (issue 15): the calls and WeCom messages journeys ask staff to make (server/src/modules/staff-tasks). */
export interface StaffTaskView {
  id: number;
  member: { id: number; nickname: string; phoneMasked: string | null };
  kind: 'call' | 'wecom_message' | 'follow_up';
  title: string;
  script: string;
  status: 'open' | 'done' | 'cancelled';
  dueAt: string;
  assignee: { id: number; displayName: string } | null;
  journeyId: number | null;
  outcome: string | null;
  closedAt: string | null;
}

export type TaskScope = 'all' | 'mine';

export const TASK_KIND_NAMES: Readonly<Record<StaffTaskView['kind'], string>> = {
  call: '电话回访',
  wecom_message: '企微消息',
  follow_up: '跟进',
};

export const tasksApi = {
  list: (query: { status: 'open' | 'done'; mine?: '1'; cursor?: string }, signal?: AbortSignal) =>
    api.get<{ items: StaffTaskView[]; nextCursor: string | null }>('/api/admin/tasks', { ...query }, signal),
  close: (id: number, outcome: string) => api.post<{ id: number; status: string }>(`/api/admin/tasks/${id}/close`, { outcome }),
  /** The AI outbound call list (full phone numbers; members:phone; audited). */
  callListCsv: async (): Promise<Blob> => (await send('GET', '/api/admin/tasks/call-list.csv', { headers: { Accept: 'text/csv' } })).blob(),
};

/** 2026-12-06T02:00:00Z → 12-06 10:00 (China time), and whether it is past `now`. */
export function dueLabel(iso: string, now: Date = new Date()): { text: string; isOverdue: boolean } {
  const at = new Date(iso);
  const china = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    text: `${pad(china.getUTCMonth() + 1)}-${pad(china.getUTCDate())} ${pad(china.getUTCHours())}:${pad(china.getUTCMinutes())}`,
    isOverdue: at.getTime() < now.getTime(),
  };
}
