import { useSyncExternalStore } from 'react';
import type { MeResponse } from '@siyu/shared';
import type { TokenPair, TokenStore } from '../api/client';
import { readStored, writeStored } from './storage';

const TOKENS_KEY = 'siyu.tokens';
const MEMBER_KEY = 'siyu.member';

export interface SessionState {
  /** The logged-in member, or null for a guest. */
  member: MeResponse | null;
}

let state: SessionState = { member: readStored<MeResponse>(MEMBER_KEY) };
const listeners = new Set<() => void>();
const loginListeners = new Set<() => void | Promise<void>>();
let afterLogin: Promise<void> = Promise.resolve();

function emit(): void {
  for (const listener of listeners) listener();
}

/** The session: who is shopping. Tokens live in storage; components follow the member through useSession. */
export const session = {
  getState: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setMember(member: MeResponse | null): void {
    writeStored(MEMBER_KEY, member);
    state = { member };
    emit();
  },
  /** Runs after every login (the guest cart merges here); errors are the listener's own business. */
  onLogin(listener: () => void | Promise<void>): () => void {
    loginListeners.add(listener);
    return () => loginListeners.delete(listener);
  },
  /**
   * Starts the after-login work without waiting for it (a login may happen inside a session renewal,
   * which must not wait on requests that could wait on it); `settled()` lets a page wait.
   */
  notifyLogin(): void {
    afterLogin = (async () => {
      for (const listener of loginListeners) await listener();
    })().catch(() => undefined);
  },
  settled(): Promise<void> {
    return afterLogin;
  },
};

/** The token store of the API client, kept in Taro storage. */
export const tokenStore: TokenStore = {
  get: () => readStored<TokenPair>(TOKENS_KEY),
  set(tokens) {
    writeStored(TOKENS_KEY, tokens);
    if (!tokens && state.member) session.setMember(null);
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}
