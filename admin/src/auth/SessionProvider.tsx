import { roleCan, type Permission, type Staff } from '@siyu/shared';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { configureApiClient } from '../api/client';
import { staffApi } from '../api/staff';
import { reportError } from '../errors/report-error';
import { clearSession, loadSession, saveSession, type StoredSession } from './session-store';

export interface SessionValue {
  staff: Staff | null;
  /** Why the user was sent back to the login page (an expired session), shown there once. */
  notice: string | null;
  login(username: string, password: string): Promise<Staff>;
  logout(): void;
  /** True when the signed-in role carries `permission` (the same table the server checks). */
  can(permission: Permission): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds the staff session: token in localStorage, API client wiring, expiry back to the login page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const end = useCallback((reason: string | null) => {
    clearSession();
    setSession(null);
    setNotice(reason);
  }, []);

  // Wired during render, not in an effect: children's effects run first and their requests need the token.
  const isWired = useRef(false);
  if (!isWired.current) {
    isWired.current = true;
    configureApiClient({
      token: () => sessionRef.current?.accessToken ?? null,
      onSessionExpired: (error) => end(error.friendlyMessage),
    });
  }

  // The token's own end: leave before the server starts answering 401.
  useEffect(() => {
    if (!session) return undefined;
    const timer = window.setTimeout(() => end('登录已过期，请重新登录'), Math.max(session.expiresAt - Date.now(), 0));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  // A reload re-reads the account: its role may have changed since the token was issued.
  const token = session?.accessToken;
  useEffect(() => {
    if (!token) return;
    staffApi
      .me()
      .then((staff) => {
        const current = sessionRef.current;
        if (current && current.accessToken === token) {
          const next = { ...current, staff };
          saveSession(next);
          setSession(next);
        }
      })
      .catch(reportError);
  }, [token]);

  const login = useCallback(async (username: string, password: string) => {
    const response = await staffApi.login(username, password);
    const next = { accessToken: response.accessToken, expiresAt: Date.now() + response.accessTokenExpiresIn * 1000, staff: response.staff };
    saveSession(next);
    setSession(next);
    setNotice(null);
    return response.staff;
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      staff: session?.staff ?? null,
      notice,
      login,
      logout: () => end(null),
      can: (permission) => (session ? roleCan(session.staff.role, permission) : false),
    }),
    [session, notice, login, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
