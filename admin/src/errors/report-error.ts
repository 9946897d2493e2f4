import { errorMessageFor, isErrorCode } from '@siyu/shared';
import { ApiError } from '../api/client';

/** How a failure reaches the screen; the app shell installs one that uses antd notifications. */
export type ErrorNotifier = (view: ErrorView) => void;

/**
 * What the global error handler shows: the friendly Chinese text, a Chinese detail when the server's
 * message adds one, and the request id for support. The code is kept for de-duplication only: staff
 * never see a raw code (INVALID_CREDENTIALS) — every code's words come from the shared message table.
 */
export interface ErrorView {
  title: string;
  code: string | null;
  detail: string | null;
  requestId: string | null;
}

const HAN = /\p{Script=Han}/u;

/** The server's message when it says more than the title, in Chinese (validation messages are English and stay out). */
export function chineseDetail(message: string, title: string): string | null {
  return message && message !== title && HAN.test(message) ? message : null;
}

/** The words for an error code found in an API answer (a skipped member, a refused row); never the code itself. */
export function codeText(code: string): string {
  return isErrorCode(code) ? errorMessageFor(code) : '未知原因';
}

let notifier: ErrorNotifier = (view) => console.error(view);

export function setErrorNotifier(next: ErrorNotifier): void {
  notifier = next;
}

/** The view of any thrown value. */
export function errorView(error: unknown): ErrorView {
  if (error instanceof ApiError) {
    return { title: error.friendlyMessage, code: error.code, detail: chineseDetail(error.message, error.friendlyMessage), requestId: error.requestId };
  }
  return { title: '页面出错了', code: null, detail: '请刷新页面后重试', requestId: null };
}

/**
 * The global error handler: shows the friendly message of the error's code. An expired session is not
 * shown here (the login page says so), nor is an aborted request (the page moved on).
 */
export function reportError(error: unknown): void {
  if (error instanceof ApiError && error.isSessionExpired) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  notifier(errorView(error));
}
