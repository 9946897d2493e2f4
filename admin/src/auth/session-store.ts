import { staffSchema, type Staff } from '@siyu/shared';
import { z } from 'zod';

/** What survives a reload: the staff access token (8 hours), when it ends, and who it belongs to. */
export interface StoredSession {
  accessToken: string;
  expiresAt: number;
  staff: Staff;
}

const KEY = 'siyu.admin.session';
const storedSessionSchema = z.object({ accessToken: z.string().min(1), expiresAt: z.number(), staff: staffSchema });

/** The stored session, or null when there is none, it is unreadable or it has expired. */
export function loadSession(now = Date.now()): StoredSession | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    const parsed = raw ? storedSessionSchema.safeParse(JSON.parse(raw)) : null;
    if (!parsed?.success || parsed.data.expiresAt <= now) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  window.localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  window.localStorage.removeItem(KEY);
}
