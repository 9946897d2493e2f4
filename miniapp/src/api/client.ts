import type { LaunchOptionsInput } from '../lib/launch';
import { ApiError, friendlyMessage, networkError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  data?: unknown;
  header: Record<string, string>;
}

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** Sends one request; resolves with any HTTP status, rejects only when there was no answer. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Where the session's tokens live (Taro storage in the app, memory in tests). */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

export interface LoginResult extends TokenPair {
  member: unknown;
  isNewMember: boolean;
}

export interface ApiClientOptions {
  baseUrl: string;
  transport: Transport;
  tokens: TokenStore;
  /**
   * A fresh wx.login code for a silent re-login (weapp: Taro.login; H5: the simulator, for the demo
   * shopper picked earlier), or null when this device cannot log in without the user.
   */
  getLoginCode: () => Promise<string | null>;
  /** Launch options sent with every login (channel attribution). */
  launch?: () => LaunchOptionsInput | undefined;
  /** This install's anonymous id, sent with every login: its earlier touches merge into the member. */
  deviceId?: () => string | undefined;
  /** Called after every successful login (fresh or silent): the session stores the member, merges the guest cart. */
  onLogin?: (result: LoginResult) => void | Promise<void>;
  /** Called when the session ended and could not be renewed. */
  onSessionLost?: () => void;
  toast?: (message: string) => void;
}

export interface RequestOptions {
  method?: HttpMethod;
  data?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Extra request headers (e.g. Idempotency-Key); kept when the request is replayed after a renewal. */
  header?: Record<string, string>;
  /** No toast on failure: the caller shows the error itself (retry states, inline messages). */
  isSilent?: boolean;
}

/** Codes that mean "your access token is missing, expired or wrong": renew the session once, then replay. */
const RENEWABLE = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'UNAUTHENTICATED']);

function errorOf(response: HttpResponse): ApiError {
  const body = response.data as { error?: { code?: unknown; details?: unknown } } | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : response.statusCode >= 500 ? 'INTERNAL' : 'NOT_FOUND';
  return new ApiError(code, response.statusCode, body?.error?.details ?? null, friendlyMessage(code, body?.error?.details));
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * The one API client: attaches the access token, renews the session on a 401 (one renewal at a time:
 * refresh token first, a silent re-login when that fails), replays the request once, and turns
 * errors into ApiErrors with the shared Chinese message (shown as a toast unless the call is silent).
 */
export class ApiClient {
  private renewal: Promise<boolean> | null = null;

  constructor(private readonly options: ApiClientOptions) {}

  get isLoggedIn(): boolean {
    return this.options.tokens.get() !== null;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(path, options);
    } catch (error) {
      if (error instanceof ApiError && !options.isSilent) this.options.toast?.(error.message);
      throw error;
    }
  }

  /** Logs in with a wx.login code (POST /api/auth/wechat with the launch options and device id) and keeps the tokens. */
  async loginWithCode(code: string): Promise<LoginResult> {
    const launch = this.options.launch?.();
    const deviceId = this.options.deviceId?.();
    const data = { code, ...(launch ? { launch } : {}), ...(deviceId ? { deviceId } : {}) };
    const response = await this.transport({ path: '/api/auth/wechat', method: 'POST', data, token: null });
    if (response.statusCode !== 200) throw errorOf(response);
    const result = response.data as LoginResult;
    this.options.tokens.set({ accessToken: result.accessToken, refreshToken: result.refreshToken });
    await this.options.onLogin?.(result);
    return result;
  }

  /** Ends the session here and on the server (best effort). */
  async logout(): Promise<void> {
    const tokens = this.options.tokens.get();
    this.options.tokens.set(null);
    if (tokens)
      await this.transport({ path: '/api/auth/logout', method: 'POST', data: { refreshToken: tokens.refreshToken }, token: null }).catch(() => undefined);
  }

  /** Renews the session: refresh token, else a silent re-login. Concurrent callers share one renewal. */
  renewSession(): Promise<boolean> {
    if (!this.renewal) {
      this.renewal = this.renew().finally(() => {
        this.renewal = null;
      });
    }
    return this.renewal;
  }

  private async send<T>(path: string, options: RequestOptions): Promise<T> {
    const method = options.method ?? 'GET';
    const url = `${path}${queryString(options.query)}`;
    const usedToken = this.options.tokens.get()?.accessToken ?? null;
    let response = await this.transport({ path: url, method, data: options.data, header: options.header, token: usedToken });
    if (response.statusCode === 401 && RENEWABLE.has(errorOf(response).code)) {
      // Someone else may have renewed while this request was in flight: then just replay.
      const current = this.options.tokens.get()?.accessToken ?? null;
      const isRenewed = current !== null && current !== usedToken ? true : await this.renewSession();
      if (!isRenewed) {
        this.options.onSessionLost?.();
        throw errorOf(response);
      }
      response = await this.transport({ path: url, method, data: options.data, header: options.header, token: this.options.tokens.get()?.accessToken ?? null });
    }
    if (response.statusCode < 200 || response.statusCode >= 300) throw errorOf(response);
    return response.data as T;
  }

  private async renew(): Promise<boolean> {
    const tokens = this.options.tokens.get();
    if (tokens) {
      const response = await this.transport({ path: '/api/auth/refresh', method: 'POST', data: { refreshToken: tokens.refreshToken }, token: null }).catch(
        () => null,
      );
      if (response?.statusCode === 200) {
        const pair = response.data as TokenPair;
        this.options.tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
        return true;
      }
      // A network failure is not a lost session: keep the tokens and let the caller retry later.
      if (response === null) return false;
      this.options.tokens.set(null);
    }
    return this.relogin();
  }

  private async relogin(): Promise<boolean> {
    try {
      const code = await this.options.getLoginCode();
      if (!code) return false;
      await this.loginWithCode(code);
      return true;
    } catch {
      return false;
    }
  }

  private async transport(request: {
    path: string;
    method: HttpMethod;
    data?: unknown;
    header?: Record<string, string>;
    token: string | null;
  }): Promise<HttpResponse> {
    const header: Record<string, string> = { ...request.header, 'Content-Type': 'application/json' };
    if (request.token) header.Authorization = `Bearer ${request.token}`;
    try {
      return await this.options.transport({ url: `${this.options.baseUrl}${request.path}`, method: request.method, data: request.data, header });
    } catch {
      throw networkError();
    }
  }
}
