import { ApiError } from '../api/client';

/** How a failure reaches the screen; the app shell installs one that uses antd notifications. */
export type ErrorNotifier = (view: ErrorView) => void;

/** What the global error handler shows: the friendly text, the server's code and message, the request id. */
export interface ErrorView {
  title: string;
  code: string | null;
  message: string;
  requestId: string | null;
}

let notifier: ErrorNotifier = (view) => console.error(view);

export function setErrorNotifier(next: ErrorNotifier): void {
  notifier = next;
}

/** The view of any thrown value. */
export function errorView(error: unknown): ErrorView {
  if (error instanceof ApiError) {
    return { title: error.friendlyMessage, code: error.code, message: error.message, requestId: error.requestId };
  }
  return { title: '页面出错了', code: null, message: error instanceof Error ? error.message : String(error), requestId: null };
}

/**
 * The global error handler: shows the server's error code and message. An expired session is not
 * shown here (the login page says so), nor is an aborted request (the page moved on).
 */
export function reportError(error: unknown): void {
  if (error instanceof ApiError && error.isSessionExpired) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  notifier(errorView(error));
}
