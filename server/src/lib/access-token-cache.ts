/** Renew a cached token this long before the API says it expires. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * One process-wide access token of a Tencent API (WeChat stable_token, WeCom gettoken): cached until shortly
 * before it expires, fetched once for concurrent callers, and dropped and fetched again (one retry) when a
 * call answers with one of the API's token errors.
 */
export class AccessTokenCache {
  private token: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<{ accessToken: string; expiresInSeconds: number }>,
    /** True when a call failed because the token is invalid or expired. */
    private readonly isTokenError: (error: unknown) => boolean,
    private readonly now: () => number,
  ) {}

  /** The cached token, fetched when missing or about to expire. */
  async get(): Promise<string> {
    if (this.token && this.token.expiresAt - REFRESH_MARGIN_MS > this.now()) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Runs `call` with the token; on a token error, once more with a fresh one. */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get();
    try {
      return await call(token);
    } catch (error) {
      if (!this.isTokenError(error)) throw error;
      if (this.token?.value === token) this.token = null;
      return call(await this.get());
    }
  }

  private async fetch(): Promise<string> {
    const { accessToken, expiresInSeconds } = await this.fetchToken();
    this.token = { value: accessToken, expiresAt: this.now() + expiresInSeconds * 1000 };
    return accessToken;
  }
}
