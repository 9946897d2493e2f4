import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';

/**
 * WeChat privacy authorization (wechat-protocols.md §7): personal data (the phone number) is only
 * asked for after the user agreed to the privacy guideline. When WeChat asks (onNeedPrivacyAuthorization)
 * or the page checks first (getPrivacySetting), the PrivacySheet opens; its agree button has
 * open-type="agreePrivacyAuthorization" and the pending WeChat request is resolved with its id.
 */
export const AGREE_BUTTON_ID = 'agree-privacy-btn';

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

interface PrivacyState {
  isSheetOpen: boolean;
}

let state: PrivacyState = { isSheetOpen: false };
let pendingResolve: Resolve | null = null;
const listeners = new Set<() => void>();

function setState(next: PrivacyState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const privacy = {
  getState: (): PrivacyState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  open(): void {
    setState({ isSheetOpen: true });
  },
  /** The agree button was tapped (its open-type already told WeChat). */
  agreed(): void {
    pendingResolve?.({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    pendingResolve = null;
    setState({ isSheetOpen: false });
  },
  declined(): void {
    pendingResolve?.({ event: 'disagree' });
    pendingResolve = null;
    setState({ isSheetOpen: false });
  },
};

export function usePrivacy(): PrivacyState {
  return useSyncExternalStore(privacy.subscribe, privacy.getState, privacy.getState);
}

/** weapp: WeChat asks before a privacy API runs without consent; show our sheet and answer it. */
export function installPrivacyListener(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pendingResolve = resolve;
    resolve({ event: 'exposureAuthorization' });
    privacy.open();
  });
}

/** weapp: whether the user still has to agree (false elsewhere and on old base libraries). */
export function needsPrivacyAuthorization(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.getPrivacySetting !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    Taro.getPrivacySetting({
      success: (result) => resolve(result.needAuthorization),
      fail: () => resolve(false),
    });
  });
}

export function openPrivacyContract(): void {
  if (process.env.TARO_ENV === 'weapp' && typeof Taro.openPrivacyContract === 'function') Taro.openPrivacyContract({});
}
