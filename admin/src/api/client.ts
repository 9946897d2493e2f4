import { errorMessageFor, isErrorCode } from '@siyu/shared';

/**
 * The one HTTP client of the console. Every page goes through it: it adds the staff token, turns
 * `{error:{code,message,details}}` into an ApiError, and reports an expired session (401 on a
 * request that carried a token) to the session, which sends the user back to the login page.
 */

/** A failed API call: the server's code, message and details, or NETWORK when it could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | null,
    /** True for a 401 on an authenticated request: the session ended and the login page takes over. */
    readonly isSessionExpired = false,
  ) {
    super(message);
  }

  /** The Chinese sentence for this code (the server's message is English for validation failures). */
  get friendlyMessage(): string {
    if (this.code === 'NETWORK') return '无法连接服务器，请检查网络后重试';
    return isErrorCode(this.code) ? errorMessageFor(this.code) : this.message;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (an Idempotency-Key). */
  headers?: Record<string, string>;
}

interface ClientHooks {
  token: () => string | null;
  onSessionExpired: (error: ApiError) => void;
}

let hooks: ClientHooks = { token: () => null, onSessionExpired: () => undefined };

/** Wires the client to the session (called once by the session provider). */
export function configureApiClient(next: ClientHooks): void {
  hooks = next;
}

/** `/api/x` plus the query parameters that have a value. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function toApiError(response: Response, hadToken: boolean): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy error page): the status says enough
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : response.status >= 500 ? 'INTERNAL' : `HTTP_${response.status}`;
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  return new ApiError(response.status, code, message, error?.details, requestId, hadToken && response.status === 401);
}

/** Sends a request and resolves with the response (2xx only); failures reject with ApiError. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const token = hooks.token();
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  // A FormData body (an upload) sets its own multipart Content-Type with the boundary.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? null : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error), undefined, null);
  }
  if (response.ok) return response;
  const apiError = await toApiError(response, token !== null);
  if (apiError.isSessionExpired) hooks.onSessionExpired(apiError);
  throw apiError;
}

async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => json<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => json<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, { body }),
  delete: (path: string) => json<void>('DELETE', path),
};

/** True when `error` is an ApiError with one of `codes`. */
export function isApiError(error: unknown, ...codes: string[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code));
}
