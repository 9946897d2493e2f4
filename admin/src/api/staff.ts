import type { AdminMember, Staff, StaffListItem, StaffRole } from '@siyu/shared';
import { api } from './client';
import type { AuditEntry, Page } from './types';

export interface LoginResponse {
  staff: Staff;
  accessToken: string;
  accessTokenExpiresIn: number;
}

export interface AuditFilter {
  staffId?: number;
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** Staff accounts, the audit log and members (server/src/modules/{staff,audit,members}). */
export const staffApi = {
  login: (username: string, password: string) => api.post<LoginResponse>('/api/admin/auth/login', { username, password }),
  me: () => api.get<Staff>('/api/admin/me'),
  list: () => api.get<{ items: StaffListItem[] }>('/api/admin/staff').then((body) => body.items),
  create: (body: { username: string; displayName: string; role: StaffRole; password: string }) => api.post<Staff>('/api/admin/staff', body),
  update: (id: number, body: { displayName?: string; role?: StaffRole; isDisabled?: boolean }) => api.patch<Staff>(`/api/admin/staff/${id}`, body),
  resetPassword: (id: number, password: string) => api.post<void>(`/api/admin/staff/${id}/password`, { password }),
  /** Clears the account's failed logins, ending a lockout (audited). */
  unlock: (id: number) => api.post<StaffListItem>(`/api/admin/staff/${id}/unlock`),
  auditLog: (filter: AuditFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AuditEntry>>('/api/admin/audit-log', { ...filter, cursor, limit }, signal),
};

export interface MemberFilter {
  q?: string;
  phone?: string;
}

export const membersApi = {
  list: (filter: MemberFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminMember>>('/api/admin/members', { ...filter, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<AdminMember>(`/api/admin/members/${id}`, undefined, signal),
};
